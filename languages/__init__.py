"""Reader languages, script variants and the rules that turn one script into another."""
