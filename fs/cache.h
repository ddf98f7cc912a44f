/* SPDX-License-Identifier: MIT */
/*
 * cache.h - values made on first use, once per key, shared by reference
 * and kept in LRU order within a byte budget; the mount caches each
 * report's rendered files here.  The only lock of the filesystem's data
 * path lives in this module.
 */
#ifndef REPORTFS_CACHE_H
#define REPORTFS_CACHE_H

#include <stddef.h>

struct cache;

/* How the cache makes and frees values; `ctx` is passed back. */
struct cache_ops {
	/*
	 * Make the value of `key`: 0 with *value and its size in *bytes, or a
	 * negative errno, which cache_get() returns (nothing is remembered,
	 * the next get tries again).  Called without the cache lock, at most
	 * once at a time per key, possibly for different keys in parallel;
	 * it may call cache_get() for other keys.
	 */
	int (*load)(void *ctx, size_t key, void **value, size_t *bytes);
	/* Free a value the cache no longer holds (called under the lock). */
	void (*drop)(void *ctx, void *value);
};

struct cache_stats {
	size_t bytes;     /* held now, referenced or not */
	size_t items;     /* values held now */
	size_t hits;      /* gets served from the cache */
	size_t loads;     /* successful loads */
	size_t failures;  /* failed loads */
	size_t evictions; /* values dropped to stay within the budget */
	size_t prefetches; /* background loads asked for and queued */
};

/*
 * A cache for keys 0..nkeys-1 that keeps unreferenced values within
 * `max_bytes` (a value in use is never dropped, so the total may exceed
 * the budget while references are held).  Returns 0 and a new cache in
 * *out (caller frees with cache_free()), -ENOMEM, or -EOVERFLOW when
 * nkeys does not fit.  `ops` is borrowed and must outlive the cache.
 */
int cache_new(size_t nkeys, size_t max_bytes, const struct cache_ops *ops,
	      void *ctx, struct cache **out);

/* Stop the prefetch threads, drop every value and free the cache; NULL
 * is a no-op.  No get may be running and no reference may be held. */
void cache_free(struct cache *c);

/*
 * Take a reference to the value of `key`, loading it if needed; a thread
 * asking for a key being loaded waits for that load.  Returns 0 and the
 * value in *value (borrowed until the matching cache_put()), or the
 * loader's negative errno.  Thread-safe.
 */
int cache_get(struct cache *c, size_t key, void **value);

/* Release a reference taken by cache_get().  Thread-safe. */
void cache_put(struct cache *c, size_t key);

/*
 * Load `key` in the background unless it is cached or being loaded: the
 * value then waits, unreferenced, in LRU order.  Requests go to a small
 * queue (dropped when it is full) served by worker threads started on
 * first use (so after any fork).  Thread-safe.
 */
void cache_prefetch(struct cache *c, size_t key);

/* Counters at this moment.  Thread-safe. */
void cache_get_stats(struct cache *c, struct cache_stats *st);

#endif
