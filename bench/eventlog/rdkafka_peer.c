/* Peer for the event log benchmark: librdkafka's own C producer into its mock cluster.
 * Produces N keyed messages of SIZE bytes (3 partitions, 3 brokers, linger.ms=5, acks=all,
 * librdkafka defaults otherwise) and prints one JSON line like eventlog-bench.
 *   cc -O2 -o rdkafka-peer rdkafka_peer.c -lrdkafka && ./rdkafka-peer 1350000 1024 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what, const char *why) {
    fprintf(stderr, "rdkafka-peer: %s: %s\n", what, why);
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long delivered = 0, failed = 0;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk; (void)opaque;
    if (m->err) failed++; else delivered++;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1350000;
    size_t size = argc > 2 ? (size_t)atol(argv[2]) : 1024;
    char errstr[512];

    rd_kafka_conf_t *mconf = rd_kafka_conf_new();
    rd_kafka_t *mrk = rd_kafka_new(RD_KAFKA_PRODUCER, mconf, errstr, sizeof errstr);
    if (!mrk) die("rd_kafka_new (mock)", errstr);
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(mrk, 3);
    if (!mc) die("rd_kafka_mock_cluster_new", "failed");
    if (rd_kafka_mock_topic_create(mc, "bench", 3, 3)) die("rd_kafka_mock_topic_create", "failed");

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {{"bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mc)},
                                 {"linger.ms", "5"}, {"acks", "all"}, {"partitioner", "murmur2_random"}};
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], errstr, sizeof errstr)) die(settings[i][0], errstr);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) die("rd_kafka_new", errstr);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, "bench", NULL);

    char *value = malloc(size);
    for (size_t i = 0; i < size; i++) value[i] = (char)(32 + (i * 7919) % 95);
    char key[64];
    double key_bytes = 0, start = now();
    for (long i = 0; i < n; i++) {
        int len = snprintf(key, sizeof key, "https://www.linkedin.com/jobs/view/%ld", 3000000000L + i);
        key_bytes += len;
        while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value, size, key, len, NULL) == -1) {
            if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("rd_kafka_produce", rd_kafka_err2str(rd_kafka_last_error()));
            rd_kafka_poll(rk, 10);
        }
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_flush(rk, 100);
    double seconds = now() - start;
    if (delivered != n) fprintf(stderr, "rdkafka-peer: %ld delivered, %ld failed\n", delivered, failed);
    printf("{\"engine\":\"librdkafka C producer -> mock\",\"op\":\"produce\",\"records\":%ld,\"bytes\":%.0f,\"seconds\":%.4f}\n",
           n, key_bytes + (double)n * size, seconds);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(mrk);
    free(value);
    return 0;
}
