/* SPDX-License-Identifier: MIT */
/* cache.c - load-once, reference-counted values in LRU order within a byte budget */
#include "cache.h"
#include "common.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define NONE UINT32_MAX

/* Background loads waiting at most, and threads serving them. */
#define PREFETCH_QUEUE 256
#define PREFETCH_THREADS 4

enum slot_state {
	SLOT_EMPTY,
	SLOT_LOADING, /* a thread runs ops->load() for it */
	SLOT_READY,
};

struct slot {
	void *value;
	size_t bytes;
	uint32_t refs;
	uint32_t state;  /* enum slot_state */
	uint32_t prev;   /* idle list (refs == 0, READY): towards the head */
	uint32_t next;   /* towards the tail (least recently used) */
};

struct cache {
	pthread_mutex_t lock;  /* guards everything below */
	pthread_cond_t loaded; /* a slot left SLOT_LOADING */
	const struct cache_ops *ops;
	void *ctx;
	struct slot *slots;
	size_t nkeys;
	size_t max_bytes;
	uint32_t head;         /* most recently released idle value */
	uint32_t tail;         /* next to evict */
	struct cache_stats st;
	uint32_t queue[PREFETCH_QUEUE]; /* keys to load in the background */
	size_t qhead;
	size_t qlen;
	pthread_cond_t queued; /* a key was queued, or quit */
	pthread_t th[PREFETCH_THREADS];
	size_t nth;
	int started;           /* prefetch threads were started */
	int quit;
};

int cache_new(size_t nkeys, size_t max_bytes, const struct cache_ops *ops,
	      void *ctx, struct cache **out)
{
	struct cache *c;
	size_t i;

	if (nkeys >= NONE)
		return -EOVERFLOW;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->slots = calloc(nkeys ? nkeys : 1, sizeof(*c->slots));
	if (!c->slots) {
		free(c);
		return -ENOMEM;
	}
	for (i = 0; i < nkeys; i++)
		c->slots[i].prev = c->slots[i].next = NONE;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->loaded, NULL);
	pthread_cond_init(&c->queued, NULL);
	c->ops = ops;
	c->ctx = ctx;
	c->nkeys = nkeys;
	c->max_bytes = max_bytes;
	c->head = c->tail = NONE;
	*out = c;
	return 0;
}

void cache_free(struct cache *c)
{
	size_t i;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->quit = 1;
	pthread_cond_broadcast(&c->queued);
	pthread_mutex_unlock(&c->lock);
	for (i = 0; i < c->nth; i++)
		pthread_join(c->th[i], NULL);
	for (i = 0; i < c->nkeys; i++) {
		assert(c->slots[i].refs == 0);
		if (c->slots[i].state == SLOT_READY)
			c->ops->drop(c->ctx, c->slots[i].value);
	}
	pthread_cond_destroy(&c->queued);
	pthread_cond_destroy(&c->loaded);
	pthread_mutex_destroy(&c->lock);
	free(c->slots);
	free(c);
}

static void idle_remove(struct cache *c, uint32_t k)
{
	struct slot *s = &c->slots[k];

	if (s->prev != NONE)
		c->slots[s->prev].next = s->next;
	else
		c->head = s->next;
	if (s->next != NONE)
		c->slots[s->next].prev = s->prev;
	else
		c->tail = s->prev;
	s->prev = s->next = NONE;
}

static void idle_push(struct cache *c, uint32_t k)
{
	struct slot *s = &c->slots[k];

	s->prev = NONE;
	s->next = c->head;
	if (c->head != NONE)
		c->slots[c->head].prev = k;
	else
		c->tail = k;
	c->head = k;
}

/* Drop idle values, least recently used first, until within budget. */
static void evict(struct cache *c)
{
	while (c->st.bytes > c->max_bytes && c->tail != NONE) {
		uint32_t k = c->tail;
		struct slot *s = &c->slots[k];

		idle_remove(c, k);
		c->ops->drop(c->ctx, s->value);
		c->st.bytes -= s->bytes;
		c->st.items--;
		c->st.evictions++;
		s->value = NULL;
		s->bytes = 0;
		s->state = SLOT_EMPTY;
	}
}

int cache_get(struct cache *c, size_t key, void **value)
{
	struct slot *s = &c->slots[key];
	void *v;
	size_t bytes;
	int err;

	assert(key < c->nkeys);
	pthread_mutex_lock(&c->lock);
	while (s->state == SLOT_LOADING)
		pthread_cond_wait(&c->loaded, &c->lock);
	if (s->state == SLOT_READY) {
		if (s->refs++ == 0)
			idle_remove(c, (uint32_t)key);
		c->st.hits++;
		*value = s->value;
		pthread_mutex_unlock(&c->lock);
		return 0;
	}
	s->state = SLOT_LOADING;
	pthread_mutex_unlock(&c->lock);

	err = c->ops->load(c->ctx, key, &v, &bytes);

	pthread_mutex_lock(&c->lock);
	if (err) {
		s->state = SLOT_EMPTY;
		c->st.failures++;
	} else {
		s->state = SLOT_READY;
		s->value = v;
		s->bytes = bytes;
		s->refs = 1;
		c->st.bytes += bytes;
		c->st.items++;
		c->st.loads++;
		evict(c);
		*value = v;
	}
	pthread_cond_broadcast(&c->loaded);
	pthread_mutex_unlock(&c->lock);
	return err;
}

void cache_put(struct cache *c, size_t key)
{
	struct slot *s = &c->slots[key];

	pthread_mutex_lock(&c->lock);
	assert(s->state == SLOT_READY && s->refs > 0);
	if (--s->refs == 0) {
		idle_push(c, (uint32_t)key);
		evict(c);
	}
	pthread_mutex_unlock(&c->lock);
}

static void *prefetch_worker(void *arg)
{
	struct cache *c = arg;
	uint32_t key;
	void *v;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->quit && !c->qlen)
			pthread_cond_wait(&c->queued, &c->lock);
		if (c->quit)
			break;
		key = c->queue[c->qhead];
		c->qhead = (c->qhead + 1) % PREFETCH_QUEUE;
		c->qlen--;
		if (c->slots[key].state != SLOT_EMPTY)
			continue;
		pthread_mutex_unlock(&c->lock);
		if (!cache_get(c, key, &v))
			cache_put(c, key);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* Start the prefetch threads: one per CPU but one, at least one. */
static void prefetch_start(struct cache *c)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 2 ? (size_t)cpus - 1 : 1;

	c->started = 1;
	if (n > PREFETCH_THREADS)
		n = PREFETCH_THREADS;
	while (c->nth < n &&
	       !pthread_create(&c->th[c->nth], NULL, prefetch_worker, c))
		c->nth++;
}

void cache_prefetch(struct cache *c, size_t key)
{
	assert(key < c->nkeys);
	pthread_mutex_lock(&c->lock);
	if (!c->started)
		prefetch_start(c);
	if (c->slots[key].state == SLOT_EMPTY && c->qlen < PREFETCH_QUEUE &&
	    !c->quit && c->nth) {
		c->queue[(c->qhead + c->qlen) % PREFETCH_QUEUE] = (uint32_t)key;
		c->qlen++;
		c->st.prefetches++;
		pthread_cond_signal(&c->queued);
	}
	pthread_mutex_unlock(&c->lock);
}

void cache_get_stats(struct cache *c, struct cache_stats *st)
{
	pthread_mutex_lock(&c->lock);
	*st = c->st;
	pthread_mutex_unlock(&c->lock);
}
