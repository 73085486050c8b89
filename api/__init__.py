"""The read API (/api/v1/): published content for partners, apps and channels, in our own
JSON and as IPTC ninjs; API keys with their rate limits."""
