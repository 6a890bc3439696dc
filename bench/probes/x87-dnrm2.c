/* Probe (session 45, claims50): is a library's cblas_dnrm2 x87 code? It is called with the x87 precision control at
   64, 53 and 24 bits (the control word restored after each call) on 1000 values in [-1, 1); SSE2/AVX code gives the same
   result at every setting, x87 code changes at 24 bits (and can at 53). OPENBLAS_CORETYPE is not touched: the kernel is the
   one OpenBLAS picks for this CPU (openblas_get_corename, printed by the run-to-run probe).
   Build and run: gcc -O1 -o x87-dnrm2 bench/probes/x87-dnrm2.c -ldl
                  ./x87-dnrm2 /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0   (or libblis.so.4, libmkl_rt.so) */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
typedef double (*nrm2_t)(int, const double*, int);
int main(int argc, char** argv) {
  void* h = dlopen(argv[1], RTLD_NOW); if (!h) { puts(dlerror()); return 1; }
  nrm2_t f = (nrm2_t)dlsym(h, "cblas_dnrm2");
  int n = 1000; double* x = malloc(n * sizeof(double)); unsigned s = 12345;
  for (int i = 0; i < n; i++) { s = s * 1103515245u + 12345u; x[i] = ((s >> 8) / 16777216.0) * 2 - 1; }
  for (int pc = 3; pc >= 0; pc -= 1) {
    if (pc == 1) continue;
    unsigned short cw, ncw; __asm__ volatile("fnstcw %0" : "=m"(cw));
    ncw = (cw & ~0x300) | (pc << 8); __asm__ volatile("fldcw %0" :: "m"(ncw));
    double r = f(n, x, 1);
    __asm__ volatile("fldcw %0" :: "m"(cw));
    printf("x87 precision control %d: dnrm2 = %.17g\n", pc, r);
  }
  return 0;
}
