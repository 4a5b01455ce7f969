// A helper thread that runs half of a split job with a hand-over of about a microsecond. libdispatch
// wakes a worker in tens of microseconds, longer than a query's matrix products take, so a split
// through it mostly runs on the calling thread. The helper spins for a while after each job (a
// query issues its two dozen products back to back), then sleeps on a condition variable.
#include "CKernels.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define GK_PAUSE() _mm_pause()
#else
#define GK_PAUSE() ((void)0)
#endif

/// Spins of the helper before it sleeps: about 100 µs.
enum { SPINS_BEFORE_SLEEP = 20000 };

static struct {
    pthread_once_t once;
    pthread_mutex_t busy;          // held by the one caller using the helper
    pthread_mutex_t lock;          // guards sleeping
    pthread_cond_t wake;
    _Atomic uint64_t posted;       // jobs posted
    _Atomic uint64_t finished;     // jobs the helper finished
    _Atomic int sleeping;
    void (*function)(void *, size_t);
    void *context;
    int started;
} team = { .once = PTHREAD_ONCE_INIT, .busy = PTHREAD_MUTEX_INITIALIZER, .lock = PTHREAD_MUTEX_INITIALIZER,
           .wake = PTHREAD_COND_INITIALIZER };

static void *helper(void *unused) {
    (void)unused;
    uint64_t seen = 0;
    for (;;) {
        int spins = 0;
        while (atomic_load_explicit(&team.posted, memory_order_acquire) == seen) {
            if (++spins < SPINS_BEFORE_SLEEP) { GK_PAUSE(); continue; }
            pthread_mutex_lock(&team.lock);
            atomic_store_explicit(&team.sleeping, 1, memory_order_seq_cst);
            while (atomic_load_explicit(&team.posted, memory_order_seq_cst) == seen) pthread_cond_wait(&team.wake, &team.lock);
            atomic_store_explicit(&team.sleeping, 0, memory_order_relaxed);
            pthread_mutex_unlock(&team.lock);
        }
        seen++;
        team.function(team.context, 1);
        atomic_store_explicit(&team.finished, seen, memory_order_release);
    }
    return NULL;
}

static void start(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    team.started = pthread_create(&thread, &attributes, helper, NULL) == 0;
    pthread_attr_destroy(&attributes);
}

void gk_run_split(void (*function)(void *context, size_t part), void *context) {
    pthread_once(&team.once, start);
    // Without a helper, or while another caller uses it, both halves run here.
    if (!team.started || pthread_mutex_trylock(&team.busy) != 0) {
        function(context, 0);
        function(context, 1);
        return;
    }
    team.function = function;
    team.context = context;
    const uint64_t job = atomic_load_explicit(&team.posted, memory_order_relaxed) + 1;
    atomic_store_explicit(&team.posted, job, memory_order_seq_cst);
    if (atomic_load_explicit(&team.sleeping, memory_order_seq_cst)) {
        pthread_mutex_lock(&team.lock);
        pthread_cond_signal(&team.wake);
        pthread_mutex_unlock(&team.lock);
    }
    function(context, 0);
    while (atomic_load_explicit(&team.finished, memory_order_acquire) != job) GK_PAUSE();
    pthread_mutex_unlock(&team.busy);
}
