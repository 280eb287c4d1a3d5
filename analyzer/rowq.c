// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Row queue: batches of rows from the reading thread to the database writer thread. With
 * reading + modelling on one core and SQLite on the other, ingest costs the larger of the
 * two rather than their sum.
 */
#include "rowq.h"

#include <pthread.h>
#include <stdlib.h>

#include "util.h"

#define BATCH 512
#define IOA_ROWQ_DEPTH 32

struct batch {
	int n;
	struct ioa_rowq_item items[BATCH];
};

struct ioa_rowq {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct batch *ring[IOA_ROWQ_DEPTH];
	int head, count; /* ring[head] is the oldest full batch */
	int closing;
	int err;	    /* the writer's first error (read under lock) */
	struct batch *fill; /* the producer's batch being filled */
	/* empty batches handed back by the writer: reused, never freed while ingest runs, so
	 * the producer does not fault in fresh pages for every batch */
	struct batch *spare[IOA_ROWQ_DEPTH + 1];
	int nr_spare;
	int (*write)(void *priv, const struct ioa_rowq_item *it);
	void *priv;
};

static void free_fields(struct batch *b)
{
	int i;

	for (i = 0; i < b->n; i++) {
		if (b->items[i].kind != IOA_ROWQ_EVENT)
			continue;
		free(b->items[i].u.ev.name);
		free(b->items[i].u.ev.fields);
	}
	b->n = 0;
}

static int write_batch(struct ioa_rowq *q, struct batch *b, int err)
{
	int i;

	for (i = 0; i < b->n && !err; i++)
		err = q->write(q->priv, &b->items[i]);
	free_fields(b);
	return err;
}

static struct batch *take(struct ioa_rowq *q)
{
	struct batch *b;

	pthread_mutex_lock(&q->lock);
	while (!q->count && !q->closing)
		pthread_cond_wait(&q->cond, &q->lock);
	b = NULL;
	if (q->count) {
		b = q->ring[q->head];
		q->head = (q->head + 1) % IOA_ROWQ_DEPTH;
		q->count--;
		pthread_cond_broadcast(&q->cond);
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

static void *writer(void *arg)
{
	struct ioa_rowq *q = arg;
	struct batch *b;
	int err = 0;

	while ((b = take(q))) {
		err = write_batch(q, b, err);
		pthread_mutex_lock(&q->lock);
		if (err && !q->err)
			q->err = err;
		if (q->nr_spare < IOA_ROWQ_DEPTH + 1) {
			q->spare[q->nr_spare++] = b;
			b = NULL;
		}
		pthread_mutex_unlock(&q->lock);
		free(b);
	}
	if (!err)
		err = q->write(q->priv, NULL);
	pthread_mutex_lock(&q->lock);
	if (err && !q->err)
		q->err = err;
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct ioa_rowq *ioa_rowq_start(int (*write)(void *priv, const struct ioa_rowq_item *it),
				void *priv)
{
	struct ioa_rowq *q = ioa_xcalloc(1, sizeof(*q));

	q->write = write;
	q->priv = priv;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	q->fill = ioa_xmalloc(sizeof(*q->fill));
	q->fill->n = 0;
	if (pthread_create(&q->thread, NULL, writer, q)) {
		/* no thread: write synchronously from ioa_rowq_push */
		q->closing = -1;
	}
	return q;
}

/* hand the filled batch to the writer; wait while the ring is full */
static int hand_over(struct ioa_rowq *q)
{
	struct batch *next;
	int err;

	pthread_mutex_lock(&q->lock);
	while (q->count == IOA_ROWQ_DEPTH && !q->err)
		pthread_cond_wait(&q->cond, &q->lock);
	err = q->err;
	if (!err) {
		q->ring[(q->head + q->count) % IOA_ROWQ_DEPTH] = q->fill;
		q->count++;
		pthread_cond_broadcast(&q->cond);
		q->fill = NULL;
	}
	next = q->nr_spare ? q->spare[--q->nr_spare] : NULL;
	pthread_mutex_unlock(&q->lock);
	if (err) {
		free_fields(q->fill);
		free(next);
		return err;
	}
	q->fill = next ? next : ioa_xmalloc(sizeof(*q->fill));
	q->fill->n = 0;
	return 0;
}

int ioa_rowq_push(struct ioa_rowq *q, const struct ioa_rowq_item *it)
{
	if (q->closing < 0) {
		q->fill->items[0] = *it;
		q->fill->n = 1;
		q->err = write_batch(q, q->fill, q->err);
		return q->err;
	}
	q->fill->items[q->fill->n++] = *it;
	return q->fill->n == BATCH ? hand_over(q) : 0;
}

int ioa_rowq_finish(struct ioa_rowq *q)
{
	int err;

	if (q->closing >= 0) {
		if (q->fill->n)
			hand_over(q);
		pthread_mutex_lock(&q->lock);
		q->closing = 1;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	} else if (!q->err) {
		q->err = q->write(q->priv, NULL);
	}
	err = q->err;
	if (q->fill)
		free_fields(q->fill);
	free(q->fill);
	while (q->nr_spare)
		free(q->spare[--q->nr_spare]);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	free(q);
	return err;
}
