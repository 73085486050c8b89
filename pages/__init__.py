"""Short pages editors keep up to date, such as the comment policy, at /pages/<slug>/."""
