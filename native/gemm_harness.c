/*
 * gemm_harness.c: the C baseline for BlasNet's GEMM benchmarks. It times the very same
 * cblas_dgemm / cblas_sgemm (row-major, no transposes, C <- A B) that BlasNet calls, from plain C,
 * so the ratio BlasNet / harness isolates what .NET adds (P/Invoke, validation, pinning).
 *
 * Build (the Native Cake target does this; no OpenBLAS headers are needed):
 *   gcc -O2 -std=c11 -o native/gemm_harness native/gemm_harness.c -l:libopenblas.so.0
 * Run:
 *   native/gemm_harness [--threads N] [--sizes 8,16,64,257,512,1024] [--types double,float] [--budget-ms 400]
 *                       [--clock wall|cpu]   (cpu: process CPU time, steadier on a busy machine, 1 thread only)
 * Output, one line each (machine-readable, same format as `BlasNet.Benchmarks gemm-quick`):
 *   # provider/core/config comment lines
 *   gemm c-openblas <double|float> <n> <GFLOP/s>
 *   gemm-ns c-openblas <type> <n> <ns per call>      (for n <= 8: the per-call cost)
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The CBLAS and OpenBLAS declarations used, with the standard enum values (no header needed). */
enum { CblasRowMajor = 101 };
enum { CblasNoTrans = 111 };
void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, const double *a, int lda,
                 const double *b, int ldb, double beta, double *c, int ldc);
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
char *openblas_get_config(void);

/* --clock cpu: process CPU time, which ignores time the scheduler gives to other jobs on a shared
 * machine (meaningful single-threaded only: worker threads' CPU time, spinning included, adds up). */
static clockid_t clock_id = CLOCK_MONOTONIC;

static double now(void)
{
    struct timespec t;
    clock_gettime(clock_id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A small seeded generator (xorshift64*), values in [-1, 1). */
static unsigned long long state = 0x9E3779B97F4A7C15ull;
static double next_uniform(void)
{
    state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
    return (double)((state * 2685821657736338717ull) >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

typedef struct { int n; int is_double; void *a, *b, *c; } problem;

static void run_once(const problem *p)
{
    int n = p->n;
    if (p->is_double)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, p->a, n, p->b, n, 0.0, p->c, n);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, p->a, n, p->b, n, 0.0f, p->c, n);
}

/* Best per-call time: batches of ~10 ms, repeated until the budget is spent (at least 3). */
static double best_seconds(const problem *p, double budget)
{
    run_once(p);
    double t0 = now();
    run_once(p);
    double one = now() - t0;
    if (one < 1e-9) one = 1e-9;
    long batch = (long)(0.01 / one);
    if (batch < 1) batch = 1;
    if (batch > 1000000) batch = 1000000;
    double best = 1e300, start = now();
    for (int rep = 0; rep < 3 || now() - start < budget; rep++) {
        t0 = now();
        for (long i = 0; i < batch; i++) run_once(p);
        double per = (now() - t0) / (double)batch;
        if (per < best) best = per;
        if (rep > 200) break;
    }
    return best;
}

static int parse_list(const char *s, int *out, int max)
{
    int count = 0;
    while (*s && count < max) {
        out[count++] = atoi(s);
        const char *comma = strchr(s, ',');
        if (!comma) break;
        s = comma + 1;
    }
    return count;
}

int main(int argc, char **argv)
{
    int threads = 1, sizes[32] = {8, 16, 64, 257, 512, 1024}, nsizes = 6, budget_ms = 400;
    int do_double = 1, do_float = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sizes") && i + 1 < argc) nsizes = parse_list(argv[++i], sizes, 32);
        else if (!strcmp(argv[i], "--budget-ms") && i + 1 < argc) budget_ms = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--clock") && i + 1 < argc) clock_id = strcmp(argv[++i], "cpu") ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID;
        else if (!strcmp(argv[i], "--types") && i + 1 < argc) {
            const char *t = argv[++i];
            do_double = strstr(t, "double") != NULL;
            do_float = strstr(t, "float") != NULL;
        } else {
            fprintf(stderr, "usage: %s [--threads N] [--sizes a,b,c] [--types double,float] [--budget-ms MS] [--clock wall|cpu]\n", argv[0]);
            return 2;
        }
    }
    openblas_set_num_threads(threads);
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    printf("# provider OpenBLAS (C harness) core=%s config=%s\n", openblas_get_corename(), openblas_get_config());
    printf("# threads %d; clock %s; OPENBLAS_CORETYPE=%s\n", openblas_get_num_threads(),
           clock_id == CLOCK_MONOTONIC ? "wall" : "cpu", coretype ? coretype : "-");

    for (int t = 0; t < 2; t++) {
        int is_double = t == 0;
        if ((is_double && !do_double) || (!is_double && !do_float)) continue;
        size_t elem = is_double ? sizeof(double) : sizeof(float);
        for (int s = 0; s < nsizes; s++) {
            int n = sizes[s];
            problem p = { n, is_double, malloc(elem * n * n), malloc(elem * n * n), calloc((size_t)n * n, elem) };
            if (!p.a || !p.b || !p.c) { fprintf(stderr, "out of memory at n=%d\n", n); return 1; }
            for (long i = 0; i < (long)n * n; i++) {
                if (is_double) { ((double *)p.a)[i] = next_uniform(); ((double *)p.b)[i] = next_uniform(); }
                else { ((float *)p.a)[i] = (float)next_uniform(); ((float *)p.b)[i] = (float)next_uniform(); }
            }
            double sec = best_seconds(&p, budget_ms / 1000.0);
            const char *type = is_double ? "double" : "float";
            printf("gemm c-openblas %s %d %.2f\n", type, n, 2.0 * n * n * n / sec / 1e9);
            if (n <= 8) printf("gemm-ns c-openblas %s %d %.1f\n", type, n, sec * 1e9);
            fflush(stdout);
            free(p.a); free(p.b); free(p.c);
        }
    }
    return 0;
}
