// Guard-page + NaN-sentinel probe (session 39, blas39): does a provider read row-major band storage outside the elements
// BLAS references (the unreferenced corners, the padding up to lda, a unit diagonal) or past the last band element?
// Every such slot holds NaN (a NaN in the result = a read), and the array ends at a PROT_NONE page right after the last
// band element read (a read past it = SIGSEGV in the forked child). Row-major CBLAS gbmv, sbmv, tbmv, tbsv, s and d.
//   gcc -O1 -o band bench/probes/band-guard-page.c -ldl -lm && for l in libopenblas.so.0 libmkl_rt.so libblis.so.4 libblas.so.3; do ./band $l; done
#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
#include <math.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
typedef void (*gbmv_t)(int,int,int,int,int,int,double,const double*,int,const double*,int,double,double*,int);
typedef void (*sbmv_t)(int,int,int,int,double,const double*,int,const double*,int,double,double*,int);
typedef void (*tbmv_t)(int,int,int,int,int,int,const double*,int,double*,int);
typedef void (*sgbmv_t)(int,int,int,int,int,int,float,const float*,int,const float*,int,float,float*,int);
typedef void (*ssbmv_t)(int,int,int,int,float,const float*,int,const float*,int,float,float*,int);
typedef void (*stbmv_t)(int,int,int,int,int,int,const float*,int,float*,int);
static long page;
// Memory for `count` elements of size es whose end is a PROT_NONE page.
static void* guarded(long count, int es) {
  long bytes = count * es, pages = (bytes + page - 1) / page + 1;
  char* p = mmap(0, pages * page, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  mprotect(p + (pages - 1) * page, page, PROT_NONE);
  return p + (pages - 1) * page - bytes;
}
int main(int argc, char** argv) {
  page = sysconf(_SC_PAGESIZE);
  void* h = dlopen(argv[1], RTLD_NOW); if (!h) { printf("%s\n", dlerror()); return 1; }
  gbmv_t dg = dlsym(h, "cblas_dgbmv"); sbmv_t ds = dlsym(h, "cblas_dsbmv"); tbmv_t dt = dlsym(h, "cblas_dtbmv"), dts = dlsym(h, "cblas_dtbsv");
  sgbmv_t sg = dlsym(h, "cblas_sgbmv"); ssbmv_t ss = dlsym(h, "cblas_ssbmv"); stbmv_t st = dlsym(h, "cblas_stbmv"), sts = dlsym(h, "cblas_stbsv");
  srand(7); int fails = 0, runs = 0;
  for (int trial = 0; trial < 3000; trial++) {
    int routine = trial % 4, single = (trial / 4) % 2;
    int big = trial % 3 == 0; int m = 1 + rand() % (big ? 300 : 9), n = 1 + rand() % (big ? 300 : 9), kl = rand() % (big ? 40 : 5), ku = rand() % (big ? 40 : 5), k = rand() % (big ? 40 : 5), pad = rand() % 3;
    int t = rand() % 2, up = rand() % 2, unit = rand() % 2;
    long ext; int lda;
    if (routine == 0) { lda = kl + ku + 1 + pad; int R = m < n + kl ? m : n + kl; int last = n - R < ku ? n - R : ku; ext = (long)(R - 1) * lda + kl + last + 1; }
    else { lda = k + 1 + pad; m = n; ext = up ? (long)(n - 1) * lda + 1 : (long)(n - 1) * lda + k + 1;
      if (routine >= 2 && unit) { /* the unit diagonal is not read: the last read element */
        if (up) { if (k == 0 || n == 1) ext = 0; else ext = (long)(n - 2) * lda + 1 + 1; }
        else { if (k == 0 || n == 1) ext = 0; else ext = (long)(n - 1) * lda + k - 1 + 1; } } }
    if (ext == 0) { trial++; continue; }
    int es = single ? 4 : 8;
    void* a = guarded(ext, es);
    // band elements 1/(1+|i-j|) scaled, everything else NaN
    for (long p = 0; p < ext; p++) { if (single) ((float*)a)[p] = NAN; else ((double*)a)[p] = NAN; }
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
      long idx = -1;
      if (routine == 0) { if (j >= i - kl && j <= i + ku) idx = (long)i * lda + kl + j - i; }
      else if (up) { if (j >= i && j <= i + k) idx = (long)i * lda + j - i; }
      else { if (j <= i && j >= i - k) idx = (long)i * lda + k + j - i; }
      if (idx >= 0 && !(routine >= 2 && unit && i == j)) { double v = (i == j ? 4.0 : 0.05) / (1 + abs(i - j)); if (single) ((float*)a)[idx] = v; else ((double*)a)[idx] = v; }
    }
    int lx = t && routine == 0 ? m : n, ly = t && routine == 0 ? n : m;
    static double xd[512], yd[512]; static float xf[512], yf[512];
    for (int i = 0; i < 512; i++) { xd[i] = xf[i] = 1 + i * 0.25; yd[i] = yf[i] = 0.5; }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      int T = t ? 112 : 111, U = up ? 121 : 122, D = unit ? 132 : 131;
      switch (routine) {
        case 0: if (single) sg(101, T, m, n, kl, ku, 1.0f, a, lda, xf, 1, 1.0f, yf, 1); else dg(101, T, m, n, kl, ku, 1.0, a, lda, xd, 1, 1.0, yd, 1); break;
        case 1: if (single) ss(101, U, n, k, 1.0f, a, lda, xf, 1, 1.0f, yf, 1); else ds(101, U, n, k, 1.0, a, lda, xd, 1, 1.0, yd, 1); ly = n; break;
        case 2: if (single) st(101, U, T, D, n, k, a, lda, xf, 1); else dt(101, U, T, D, n, k, a, lda, xd, 1); break;
        case 3: if (single) sts(101, U, T, D, n, k, a, lda, xf, 1); else dts(101, U, T, D, n, k, a, lda, xd, 1); break;
      }
      int bad = 0; int len = routine >= 2 ? n : ly;
      for (int i = 0; i < len; i++) { double v = routine >= 2 ? (single ? xf[i] : xd[i]) : (single ? yf[i] : yd[i]); if (isnan(v)) bad = 1; }
      _exit(bad ? 3 : 0);
    }
    int st2; waitpid(pid, &st2, 0); runs++;
    if (!WIFEXITED(st2) || WEXITSTATUS(st2) != 0) {
      if (fails++ < 12) printf("%s routine %d %s m=%d n=%d kl=%d ku=%d k=%d lda=%d t=%d up=%d unit=%d: %s\n", argv[1], routine, single ? "s" : "d", m, n, kl, ku, k, lda, t, up, unit,
        WIFSIGNALED(st2) ? "SIGNAL (read past the extent)" : "NaN (read a corner)");
    }
  }
  printf("%s: %d runs, %d failures\n", argv[1], runs, fails);
}
