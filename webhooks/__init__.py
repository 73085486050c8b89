"""Webhooks: signed notifications to partners, apps and bots when a story is published,
updated, corrected or unpublished, delivered in the background with retries and logged."""
