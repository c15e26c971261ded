// librdkafka (Debian: librdkafka-dev): the client API and the in-process mock cluster used by tests.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
