"""A small bounded memory of computed values, per process."""

import threading
from collections import OrderedDict


class LRU:
    """At most `size` values by key, the least recently used dropped past it; one lock,
    as gunicorn's threads share the process's values. Store only what can never be wrong
    for its key (a key naming everything the value is computed from)."""

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            value = self._values.get(key, default)
            if key in self._values:
                self._values.move_to_end(key)
        return value

    def put(self, key, value):
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self):
        with self._lock:
            self._values.clear()

    def __len__(self):
        return len(self._values)
