/* Frames per second of the reference C code on the host: encode a reading frame, then feed its
 * bytes through the stream decoder. Prints "encode <frames/s> decode <frames/s>". */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "../tet_bridge.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void) {
  static uint8_t work[256], out[300];
  static tb_decoder d;
  tb_writer w;
  tb_reading r = {"temperature", "Cel", {TB_V_FLOAT, {0}}};
  tb_frame f;
  size_t n = 0, i, k, frames = 2000000;
  double t0, t1, t2;
  unsigned long ok = 0;
  t0 = now();
  for (i = 0; i < frames; i++) {
    r.value.u.f = 20.0 + (double)(i & 255) * 0.25;
    tb_reading_msg(&w, work, sizeof work, &r);
    n = tb_end(&w, out, sizeof out);
  }
  t1 = now();
  tb_decoder_init(&d);
  for (i = 0; i < frames; i++)
    for (k = 0; k < n; k++) ok += tb_feed(&d, out[k], &f) == 1;
  t2 = now();
  printf("encode %.0f decode %.0f bytes %lu ok %lu\n", frames / (t1 - t0), frames / (t2 - t1), (unsigned long)n, ok);
  return ok == frames ? 0 : 1;
}
