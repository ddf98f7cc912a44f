/* SPDX-License-Identifier: MIT */
/* test_cache.c - unit tests for the load-once, reference-counted LRU cache */
#include "common.h"
#include "cache.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#define NKEYS 64
#define MAGIC 0x5ca1ab1eu

struct item {
	unsigned magic; /* MAGIC while alive */
	size_t key;
};

/* The loader's bookkeeping, shared with the test. */
struct fake {
	struct cache *c;
	size_t bytes;                 /* size of every value */
	_Atomic int loads[NKEYS];     /* successful loads per key */
	_Atomic int loading[NKEYS];   /* loads running now, per key */
	_Atomic int max_loading;      /* most parallel loads of one key */
	_Atomic int drops;
	_Atomic int fail_next;        /* next load fails with -EIO */
	int sleep_ms;                 /* each load takes this long */
	int nested;                   /* key 0's load gets key 1 first */
};

static void nap(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int fake_load(void *ctx, size_t key, void **value, size_t *bytes)
{
	struct fake *f = ctx;
	struct item *it;
	int now, max;

	now = atomic_fetch_add(&f->loading[key], 1) + 1;
	max = atomic_load(&f->max_loading);
	while (now > max &&
	       !atomic_compare_exchange_weak(&f->max_loading, &max, now))
		;
	if (f->sleep_ms)
		nap(f->sleep_ms);
	if (f->nested && key == 0) {
		void *v;

		assert_int_equal(cache_get(f->c, 1, &v), 0);
		cache_put(f->c, 1);
	}
	atomic_fetch_sub(&f->loading[key], 1);
	if (atomic_exchange(&f->fail_next, 0))
		return -EIO;
	it = malloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->magic = MAGIC;
	it->key = key;
	atomic_fetch_add(&f->loads[key], 1);
	*value = it;
	*bytes = f->bytes;
	return 0;
}

static void fake_drop(void *ctx, void *value)
{
	struct fake *f = ctx;
	struct item *it = value;

	/* may run on a worker thread: no cmocka asserts */
	if (it->magic != MAGIC)
		abort();
	it->magic = 0;
	free(it);
	atomic_fetch_add(&f->drops, 1);
}

static const struct cache_ops fake_ops = {
	.load = fake_load,
	.drop = fake_drop,
};

static struct fake *fake_new(size_t max_bytes, size_t bytes)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->bytes = bytes;
	assert_int_equal(cache_new(NKEYS, max_bytes, &fake_ops, f, &f->c), 0);
	return f;
}

static void fake_free(struct fake *f)
{
	cache_free(f->c);
	free(f);
}

static struct item *get(struct fake *f, size_t key)
{
	void *v = NULL;

	assert_int_equal(cache_get(f->c, key, &v), 0);
	assert_non_null(v);
	assert_int_equal(((struct item *)v)->magic, MAGIC);
	assert_int_equal(((struct item *)v)->key, key);
	return v;
}

static void touch(struct fake *f, size_t key)
{
	get(f, key);
	cache_put(f->c, key);
}

static struct cache_stats stats(struct fake *f)
{
	struct cache_stats st;

	cache_get_stats(f->c, &st);
	return st;
}

static void test_cache_get_loads_once(void **state)
{
	struct fake *f = fake_new(1000, 100);
	struct item *a, *b;

	(void)state;
	a = get(f, 3);
	b = get(f, 3);
	assert_ptr_equal(a, b);
	cache_put(f->c, 3);
	cache_put(f->c, 3);
	touch(f, 3);
	assert_int_equal(atomic_load(&f->loads[3]), 1);
	assert_int_equal(stats(f).loads, 1);
	assert_int_equal(stats(f).hits, 2);
	assert_int_equal(stats(f).items, 1);
	assert_int_equal(stats(f).bytes, 100);
	fake_free(f);
}

static void test_cache_get_evicts_lru(void **state)
{
	struct fake *f = fake_new(300, 100);

	(void)state;
	touch(f, 0);
	touch(f, 1);
	touch(f, 2);
	touch(f, 0);    /* 1 is now the least recently used */
	touch(f, 3);    /* over budget: 1 goes */
	assert_int_equal(stats(f).evictions, 1);
	assert_int_equal(stats(f).bytes, 300);
	touch(f, 0);
	touch(f, 2);
	touch(f, 3);
	assert_int_equal(atomic_load(&f->loads[0]), 1);
	touch(f, 1);    /* loaded again; 0 is now the oldest and goes */
	assert_int_equal(atomic_load(&f->loads[1]), 2);
	touch(f, 0);
	assert_int_equal(atomic_load(&f->loads[0]), 2);
	fake_free(f);
}

static void test_cache_put_keeps_referenced(void **state)
{
	struct fake *f = fake_new(150, 100);
	struct item *a, *b;

	(void)state;
	a = get(f, 0);
	b = get(f, 1);
	/* both in use: over budget but nothing may go */
	assert_int_equal(stats(f).bytes, 200);
	assert_int_equal(stats(f).evictions, 0);
	assert_int_equal(a->magic, MAGIC);
	assert_int_equal(b->magic, MAGIC);
	cache_put(f->c, 1);
	/* 1 is idle now and the only candidate */
	assert_int_equal(stats(f).evictions, 1);
	assert_int_equal(a->magic, MAGIC);
	cache_put(f->c, 0);
	assert_int_equal(stats(f).bytes, 100);
	assert_int_equal(atomic_load(&f->drops), 1);
	fake_free(f);
}

static void test_cache_zero_budget(void **state)
{
	struct fake *f = fake_new(0, 10);

	(void)state;
	touch(f, 5);
	touch(f, 5);
	assert_int_equal(atomic_load(&f->loads[5]), 2);
	assert_int_equal(stats(f).items, 0);
	assert_int_equal(stats(f).bytes, 0);
	fake_free(f);
}

static void test_cache_get_error_not_remembered(void **state)
{
	struct fake *f = fake_new(1000, 100);
	void *v = NULL;

	(void)state;
	atomic_store(&f->fail_next, 1);
	assert_int_equal(cache_get(f->c, 7, &v), -EIO);
	assert_null(v);
	assert_int_equal(stats(f).failures, 1);
	assert_int_equal(stats(f).items, 0);
	touch(f, 7);
	assert_int_equal(atomic_load(&f->loads[7]), 1);
	fake_free(f);
}

static void test_cache_free_drops_all(void **state)
{
	struct fake *f = fake_new(1000, 100);
	struct cache *c = f->c;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		touch(f, i);
	f->c = NULL;
	cache_free(c);
	assert_int_equal(atomic_load(&f->drops), 5);
	free(f);
}

static void test_cache_new_overflow(void **state)
{
	struct cache *c = NULL;

	(void)state;
	if (sizeof(size_t) > 4)
		assert_int_equal(cache_new((size_t)UINT32_MAX + 1, 0, &fake_ops,
					   NULL, &c), -EOVERFLOW);
	assert_null(c);
	cache_free(NULL);
}

static void test_cache_load_may_get_other_keys(void **state)
{
	struct fake *f = fake_new(1000, 100);

	(void)state;
	f->nested = 1;
	touch(f, 0);
	assert_int_equal(atomic_load(&f->loads[0]), 1);
	assert_int_equal(atomic_load(&f->loads[1]), 1);
	fake_free(f);
}

/* ---- threads ------------------------------------------------------------ */

struct worker {
	struct fake *f;
	unsigned seed;
	int rounds;
	int same_key; /* every thread gets key 0 once */
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < w->rounds; i++) {
		size_t k = w->same_key ? 0 :
			   (size_t)(rand_r(&w->seed) % NKEYS);
		struct item *it;
		void *v;

		if (cache_get(w->f->c, k, &v))
			continue;
		it = v;
		/* still alive and ours while we hold it */
		if (it->magic != MAGIC || it->key != k)
			abort();
		if (rand_r(&w->seed) % 8 == 0)
			nap(0);
		if (it->magic != MAGIC)
			abort();
		cache_put(w->f->c, k);
	}
	return NULL;
}

static void run_workers(struct fake *f, int nthreads, int rounds, int same)
{
	pthread_t th[16];
	struct worker w[16];
	int i;

	for (i = 0; i < nthreads; i++) {
		w[i].f = f;
		w[i].seed = (unsigned)i * 7919u + 1;
		w[i].rounds = rounds;
		w[i].same_key = same;
		assert_int_equal(pthread_create(&th[i], NULL, worker_run,
						&w[i]), 0);
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
}

static void test_cache_get_concurrent_waits_for_load(void **state)
{
	struct fake *f = fake_new(1000, 100);

	(void)state;
	f->sleep_ms = 50;
	run_workers(f, 8, 1, 1);
	assert_int_equal(atomic_load(&f->loads[0]), 1);
	assert_int_equal(atomic_load(&f->max_loading), 1);
	assert_int_equal(stats(f).hits, 7);
	fake_free(f);
}

static void test_cache_get_concurrent_stress(void **state)
{
	struct fake *f = fake_new(16 * 100, 100);
	struct cache_stats st;
	size_t k;
	int loads = 0;

	(void)state;
	run_workers(f, 8, 20000, 0);
	st = stats(f);
	assert_int_equal(atomic_load(&f->max_loading), 1);
	assert_true(st.bytes <= 16 * 100);
	assert_int_equal(st.items * 100, st.bytes);
	for (k = 0; k < NKEYS; k++)
		loads += atomic_load(&f->loads[k]);
	assert_int_equal((size_t)loads, st.loads);
	assert_int_equal(st.loads - st.evictions, st.items);
	assert_int_equal(st.hits + st.loads, 8 * 20000);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_get_loads_once),
		cmocka_unit_test(test_cache_get_evicts_lru),
		cmocka_unit_test(test_cache_put_keeps_referenced),
		cmocka_unit_test(test_cache_zero_budget),
		cmocka_unit_test(test_cache_get_error_not_remembered),
		cmocka_unit_test(test_cache_free_drops_all),
		cmocka_unit_test(test_cache_new_overflow),
		cmocka_unit_test(test_cache_load_may_get_other_keys),
		cmocka_unit_test(test_cache_get_concurrent_waits_for_load),
		cmocka_unit_test(test_cache_get_concurrent_stress),
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
