/*
 * Drives the reference C code from the shared vector files (the TypeScript test feeds it commands
 * on stdin and compares every answer with the JSON files in firmware-bridge/vectors). One command per line;
 * every text argument is hex, numbers are the hex bits of an IEEE 754 double:
 *   crc <hex> | cobs <hex> | decode <wire hex> | login <wire hex> | statement <hex>
 *   reading <r> | batch <n> <r>… | event <name> [<kind> <value>] | hello <fw> <id> <n> <name>…
 * where <r> = <name> <unit or -> <kind n|s|b> <value>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tet_bridge.h"

#define MAXB 8192
static char line[4 * MAXB];
static char strs[64][300];
static int nstr;
static uint8_t work[MAXB], out[MAXB];

static size_t unhex(const char *h, uint8_t *b) {
  size_t n = strlen(h) / 2, i;
  unsigned v;
  for (i = 0; i < n; i++) {
    sscanf(h + 2 * i, "%2x", &v);
    b[i] = (uint8_t)v;
  }
  return n;
}
static void hex(const uint8_t *b, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) printf("%02x", b[i]);
}
static const char *str(const char *h) { /* hex → a NUL-terminated string kept for this line */
  char *s = strs[nstr++ % 64];
  s[unhex(h, (uint8_t *)s)] = 0;
  return s;
}
static const char *names[] = {"ok", "FRAME_TOO_LARGE", "FRAME_COBS", "FRAME_SHORT", "FRAME_CRC",
                              "FRAME_VERSION", "FRAME_TYPE", "FRAME_PAYLOAD", "SPACE"};

static void value(tb_value *v, const char *kind, const char *arg) {
  uint64_t bits = strtoull(arg, NULL, 16);
  if (*kind == 'n') {
    v->kind = TB_V_FLOAT;
    memcpy(&v->u.f, &bits, 8);
  } else if (*kind == 's') {
    v->kind = TB_V_TEXT;
    v->u.s = str(arg);
  } else {
    v->kind = TB_V_BOOL;
    v->u.b = (int)bits;
  }
}
static void reading(tb_reading *r) {
  const char *n = strtok(NULL, " "), *u = strtok(NULL, " "), *k = strtok(NULL, " "), *a = strtok(NULL, " ");
  r->name = str(n);
  r->unit = strcmp(u, "-") == 0 ? NULL : str(u);
  value(&r->value, k, a);
}
static void finish(tb_writer *w) {
  size_t n = tb_end(w, out, sizeof out);
  if (n == 0) printf("err %s", names[-w->err]);
  hex(out, n);
}

int main(void) {
  tb_writer w;

  tb_frame f;
  tb_reading rs[64];
  tb_value v;
  const char *ss[64];
  size_t n, i;
  int r;
  static tb_decoder dec;
  while (fgets(line, sizeof line, stdin)) {
    char *cmd = strtok(line, " \n"), *a;
    nstr = 0;
    if (!cmd) continue;
    if (strcmp(cmd, "crc") == 0) {
      a = strtok(NULL, " \n");
      n = a ? unhex(a, work) : 0;
      printf("%08lx", (unsigned long)tb_crc32(work, n));
    } else if (strcmp(cmd, "cobs") == 0) {
      a = strtok(NULL, " \n");
      n = a ? unhex(a, work) : 0;
      hex(out, tb_cobs_encode(work, n, out, sizeof out));
    } else if (strcmp(cmd, "decode") == 0) { /* every frame the bytes complete, in order */
      n = unhex(strtok(NULL, " \n"), work);
      tb_decoder_init(&dec);
      for (i = 0; i < n; i++) {
        r = tb_feed(&dec, work[i], &f);
        if (r == 1) {
          printf("ok %02x ", f.type);
          hex(f.payload, f.len);
          printf(";");
        } else if (r < 0)
          printf("%s;", names[-r]);
      }

    } else if (strcmp(cmd, "login") == 0) {
      uint64_t ts;
      uint8_t nonce[16];
      n = unhex(strtok(NULL, " \n"), work);
      r = tb_decode_frame(work, n - 1, &f);
      if (r == 1) r = tb_login(&f, &ts, nonce);
      if (r != TB_OK) printf("%s", names[-r]);
      else {
        printf("%llu ", (unsigned long long)ts);
        hex(nonce, 16);
      }
    } else if (strcmp(cmd, "statement") == 0) {
      n = unhex(strtok(NULL, " \n"), work + 4096);
      tb_statement(&w, work, 4096, work + 4096, n);
      finish(&w);
    } else if (strcmp(cmd, "reading") == 0) {
      reading(&rs[0]);
      tb_reading_msg(&w, work, sizeof work, &rs[0]);
      finish(&w);
    } else if (strcmp(cmd, "batch") == 0) {
      n = strtoul(strtok(NULL, " "), NULL, 10);
      for (i = 0; i < n; i++) reading(&rs[i]);
      tb_batch(&w, work, sizeof work, rs, n);
      finish(&w);
    } else if (strcmp(cmd, "event") == 0) {
      const char *name = str(strtok(NULL, " \n")), *k = strtok(NULL, " \n");
      if (k) value(&v, k, strtok(NULL, " \n"));
      tb_event(&w, work, sizeof work, name, k ? &v : NULL);
      finish(&w);
    } else if (strcmp(cmd, "hello") == 0) {
      const char *fw = str(strtok(NULL, " ")), *id = str(strtok(NULL, " "));
      n = strtoul(strtok(NULL, " \n"), NULL, 10);
      for (i = 0; i < n; i++) ss[i] = str(strtok(NULL, " \n"));
      tb_hello(&w, work, sizeof work, fw, id, ss, n);
      finish(&w);
    } else
      printf("unknown command");
    printf("\n");
    fflush(stdout);
  }
  return 0;
}
