"""Django's Redis cache, keeping one Redis client per connection pool.

Django's backend builds a new ``redis.Redis`` client for every cache operation. Building
one sets up the client's table of response handlers (some 170 entries), which cost about
as much as the round trip to Redis: a page served from the cache paid it on every request.
The client is safe to share (each command takes a connection from the pool), so this
backend builds it once per pool and keeps it. Everything else is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
