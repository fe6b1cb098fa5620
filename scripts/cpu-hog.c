// Emulates a busy neighbour on a shared host for scripts/bench.sh (BUSBAR_HOG=percent): burns
// that percentage of one core in 10-ms periods until killed.
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    double duty = (argc > 1 ? atof(argv[1]) : 35) / 100.0;
    volatile unsigned long spin = 0;
    for (;;) {
        double start = now();
        while (now() - start < 0.010 * duty) spin++;
        usleep((useconds_t)(10000 * (1 - duty)));
    }
}
