// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Decoded events from decoding threads to the modelling thread, merged in (ts, key) order
 * (see evpipe.h). One lock and one condition for the whole pipe: they are taken once per
 * batch of EVP_BATCH events, not per event.
 */
#include "evpipe.h"

#include <pthread.h>
#include <stdlib.h>

#include "util.h"

#define EVP_BATCH 256
#define EVP_DEPTH 8
#define EVP_MAX 8

struct evbatch {
	int n;
	struct ioa_evitem it[EVP_BATCH];
};

struct evprod {
	struct ioa_evpipe *p;
	int k;
	int started;
	pthread_t thread;
	/* under the pipe's lock */
	struct evbatch *ring[EVP_DEPTH];
	int head, count;
	int done; /* every batch of the producer is in the ring */
	int err;
	struct evbatch *spare[EVP_DEPTH + 1];
	int nr_spare;
	/* the producer's own */
	struct evbatch *fill;
	/* the consumer's own */
	struct evbatch *cur;
	int pos;
	int ended;
};

struct ioa_evpipe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop; /* the consumer is done: producers end (read under the lock or atomically) */
	int n;
	struct evprod prod[EVP_MAX];
	int (*produce)(void *priv, int k, struct ioa_evpipe *p);
	void *priv;
};

static int stopped(struct ioa_evpipe *p)
{
	return __atomic_load_n(&p->stop, __ATOMIC_RELAXED);
}

/* producer: the full batch into the ring (waiting for room), a spare one to fill next */
static int hand_over(struct ioa_evpipe *p, struct evprod *pr)
{
	struct evbatch *next = NULL;
	int stop;

	pthread_mutex_lock(&p->lock);
	while (pr->count == EVP_DEPTH && !p->stop)
		pthread_cond_wait(&p->cond, &p->lock);
	stop = p->stop;
	if (!stop) {
		pr->ring[(pr->head + pr->count) % EVP_DEPTH] = pr->fill;
		pr->count++;
		pthread_cond_broadcast(&p->cond);
		next = pr->nr_spare ? pr->spare[--pr->nr_spare] : NULL;
	}
	pthread_mutex_unlock(&p->lock);
	if (stop)
		return 1;
	pr->fill = next ? next : ioa_xmalloc(sizeof(*next));
	pr->fill->n = 0;
	return 0;
}

struct ioa_evitem *ioa_evpipe_slot(struct ioa_evpipe *p, int k)
{
	struct evprod *pr = &p->prod[k];

	return &pr->fill->it[pr->fill->n];
}

int ioa_evpipe_put(struct ioa_evpipe *p, int k)
{
	struct evprod *pr = &p->prod[k];

	if (++pr->fill->n == EVP_BATCH)
		return hand_over(p, pr);
	return stopped(p);
}

static void *producer(void *arg)
{
	struct evprod *pr = arg;
	struct ioa_evpipe *p = pr->p;
	int err = p->produce(p->priv, pr->k, p);

	if (pr->fill->n)
		hand_over(p, pr);
	pthread_mutex_lock(&p->lock);
	pr->done = 1;
	pr->err = err;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct ioa_evpipe *ioa_evpipe_start(int n, int (*produce)(void *priv, int k, struct ioa_evpipe *p),
				    void *priv)
{
	struct ioa_evpipe *p;
	int k;

	if (n < 1 || n > EVP_MAX)
		return NULL;
	p = ioa_xcalloc(1, sizeof(*p));
	p->n = n;
	p->produce = produce;
	p->priv = priv;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	for (k = 0; k < n; k++) {
		p->prod[k].p = p;
		p->prod[k].k = k;
		p->prod[k].fill = ioa_xmalloc(sizeof(*p->prod[k].fill));
		p->prod[k].fill->n = 0;
	}
	for (k = 0; k < n; k++) {
		if (pthread_create(&p->prod[k].thread, NULL, producer, &p->prod[k]))
			break;
		p->prod[k].started = 1;
	}
	if (k < n) {
		ioa_evpipe_finish(p);
		return NULL;
	}
	return p;
}

/* consumer: a current batch with items for producer @pr, waiting for one; 0 at its end */
static int fetch(struct ioa_evpipe *p, struct evprod *pr)
{
	struct evbatch *used = NULL;

	if (pr->cur && pr->pos < pr->cur->n)
		return 1;
	if (pr->ended)
		return 0;
	pthread_mutex_lock(&p->lock);
	if (pr->cur) {
		if (pr->nr_spare < EVP_DEPTH + 1)
			pr->spare[pr->nr_spare++] = pr->cur;
		else
			used = pr->cur;
		pr->cur = NULL;
	}
	while (!pr->count && !pr->done)
		pthread_cond_wait(&p->cond, &p->lock);
	if (pr->count) {
		pr->cur = pr->ring[pr->head];
		pr->head = (pr->head + 1) % EVP_DEPTH;
		pr->count--;
		pr->pos = 0;
		pthread_cond_broadcast(&p->cond);
	} else {
		pr->ended = 1;
	}
	pthread_mutex_unlock(&p->lock);
	free(used);
	return !pr->ended;
}

const struct ioa_evitem *ioa_evpipe_next(struct ioa_evpipe *p, int *k)
{
	const struct ioa_evitem *best = NULL, *it;
	int i, bk = -1;

	for (i = 0; i < p->n; i++) {
		if (!fetch(p, &p->prod[i]))
			continue;
		it = &p->prod[i].cur->it[p->prod[i].pos];
		if (!best || it->ev.ts < best->ev.ts ||
		    (it->ev.ts == best->ev.ts && it->key < best->key)) {
			best = it;
			bk = i;
		}
	}
	if (best) {
		p->prod[bk].pos++;
		*k = bk;
	}
	return best;
}

int ioa_evpipe_finish(struct ioa_evpipe *p)
{
	struct evprod *pr;
	int k, err = 0;

	pthread_mutex_lock(&p->lock);
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	for (k = 0; k < p->n; k++) {
		pr = &p->prod[k];
		if (pr->started)
			pthread_join(pr->thread, NULL);
		if (pr->err && !err)
			err = pr->err;
		for (; pr->count; pr->count--, pr->head = (pr->head + 1) % EVP_DEPTH)
			free(pr->ring[pr->head]);
		while (pr->nr_spare)
			free(pr->spare[--pr->nr_spare]);
		free(pr->fill);
		free(pr->cur);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
	return err;
}
