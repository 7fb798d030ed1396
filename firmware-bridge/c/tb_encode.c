#include <string.h>

#include "tet_bridge.h"

static void put(tb_writer *w, uint8_t b) {
  if (w->len >= w->cap) {
    w->err = TB_ERR_SPACE;
    return;
  }
  w->buf[w->len++] = b;
}

void tb_raw(tb_writer *w, const uint8_t *b, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) put(w, b[i]);
}

/* RFC 8949 §4.2.1: the argument in the shortest form. */
static void head(tb_writer *w, uint8_t major, uint64_t v) {
  int bytes, i;
  major = (uint8_t)(major << 5);
  if (v < 24) {
    put(w, (uint8_t)(major | v));
    return;
  }
  if (v <= 0xFFu) {
    put(w, major | 24);
    bytes = 1;
  } else if (v <= 0xFFFFu) {
    put(w, major | 25);
    bytes = 2;
  } else if (v <= 0xFFFFFFFFu) {
    put(w, major | 26);
    bytes = 4;
  } else {
    put(w, major | 27);
    bytes = 8;
  }
  for (i = bytes - 1; i >= 0; i--) put(w, (uint8_t)(v >> (8 * i)));
}

void tb_begin(tb_writer *w, uint8_t *buf, size_t cap, uint8_t type) {
  w->buf = buf;
  w->cap = cap;
  w->len = 0;
  w->err = TB_OK;
  put(w, TB_VERSION);
  put(w, type);
}

void tb_cbor_uint(tb_writer *w, uint64_t v) { head(w, 0, v); }
void tb_cbor_int(tb_writer *w, int64_t v) {
  if (v >= 0)
    head(w, 0, (uint64_t)v);
  else
    head(w, 1, (uint64_t)(-1 - v));
}
void tb_cbor_text(tb_writer *w, const char *s) {
  size_t n = strlen(s);
  head(w, 3, n);
  tb_raw(w, (const uint8_t *)s, n);
}
void tb_cbor_bytes(tb_writer *w, const uint8_t *b, size_t len) {
  head(w, 2, len);
  tb_raw(w, b, len);
}
void tb_cbor_bool(tb_writer *w, int v) { put(w, v ? 0xF5 : 0xF4); }
void tb_cbor_array(tb_writer *w, size_t n) { head(w, 4, n); }
void tb_cbor_map(tb_writer *w, size_t n) { head(w, 5, n); }

/* The half-precision bits of a float when a half holds it exactly (RFC 8949 §4.2.2), else -1. */
static long to_half(uint32_t bits) {
  uint32_t sign = (bits >> 16) & 0x8000u, exp = (bits >> 23) & 0xFFu, mant = bits & 0x7FFFFFu, full;
  int e, shift;
  if (exp == 0xFFu) return (long)(sign | 0x7C00u);
  if (exp == 0 && mant == 0) return (long)sign;
  e = (int)exp - 127 + 15;
  if (e >= 31) return -1;
  if (e >= 1) return (mant & 0x1FFFu) == 0 ? (long)(sign | ((uint32_t)e << 10) | (mant >> 13)) : -1;
  shift = 14 - e;
  if (shift > 23) return -1;
  full = mant | 0x800000u;
  if ((full & ((1u << shift) - 1u)) != 0) return -1;
  return (long)(sign | (full >> shift));
}

void tb_cbor_double(tb_writer *w, double v) {
  uint64_t b64;
  uint32_t b32;
  float f = (float)v;
  long h;
  int i;
  memcpy(&b64, &v, 8);
  /* An integral value is an integer, as the host's encoder writes it (not -0). */
  if (v >= -9007199254740991.0 && v <= 9007199254740991.0 && (double)(int64_t)v == v &&
      !(v == 0 && (b64 >> 63))) {
    tb_cbor_int(w, (int64_t)v);
    return;
  }
  if (v != v) {
    put(w, 0xF9);
    put(w, 0x7E);
    put(w, 0x00);
    return;
  }
  if ((double)f == v) {
    memcpy(&b32, &f, 4);
    h = to_half(b32);
    if (h >= 0) {
      put(w, 0xF9);
      put(w, (uint8_t)(h >> 8));
      put(w, (uint8_t)h);
      return;
    }
    put(w, 0xFA);
    for (i = 3; i >= 0; i--) put(w, (uint8_t)(b32 >> (8 * i)));
    return;
  }
  put(w, 0xFB);
  for (i = 7; i >= 0; i--) put(w, (uint8_t)(b64 >> (8 * i)));
}

static void value(tb_writer *w, const tb_value *v) {
  switch (v->kind) {
    case TB_V_INT: tb_cbor_int(w, v->u.i); break;
    case TB_V_FLOAT: tb_cbor_double(w, v->u.f); break;
    case TB_V_TEXT: tb_cbor_text(w, v->u.s); break;
    default: tb_cbor_bool(w, v->u.b); break;
  }
}

/* Keys in deterministic order (RFC 8949 §4.2.1, bytewise): "n" < "u" < "v". */
void tb_put_reading(tb_writer *w, const tb_reading *r) {
  tb_cbor_map(w, r->unit ? 3 : 2);
  tb_cbor_text(w, "n");
  tb_cbor_text(w, r->name);
  if (r->unit) {
    tb_cbor_text(w, "u");
    tb_cbor_text(w, r->unit);
  }
  tb_cbor_text(w, "v");
  value(w, &r->value);
}

/* Keys "s" < "fw" < "id": shorter encoded keys sort first. */
void tb_hello(tb_writer *w, uint8_t *buf, size_t cap, const char *fw, const char *id, const char *const *sensors,
              size_t n) {
  size_t i;
  tb_begin(w, buf, cap, TB_HELLO);
  tb_cbor_map(w, 3);
  tb_cbor_text(w, "s");
  tb_cbor_array(w, n);
  for (i = 0; i < n; i++) tb_cbor_text(w, sensors[i]);
  tb_cbor_text(w, "fw");
  tb_cbor_text(w, fw);
  tb_cbor_text(w, "id");
  tb_cbor_text(w, id);
}

void tb_reading_msg(tb_writer *w, uint8_t *buf, size_t cap, const tb_reading *r) {
  tb_begin(w, buf, cap, TB_READING);
  tb_put_reading(w, r);
}

void tb_batch(tb_writer *w, uint8_t *buf, size_t cap, const tb_reading *r, size_t n) {
  size_t i;
  tb_begin(w, buf, cap, TB_BATCH);
  tb_cbor_array(w, n);
  for (i = 0; i < n; i++) tb_put_reading(w, &r[i]);
}

void tb_event(tb_writer *w, uint8_t *buf, size_t cap, const char *name, const tb_value *v) {
  tb_begin(w, buf, cap, TB_EVENT);
  tb_cbor_map(w, v ? 2 : 1);
  tb_cbor_text(w, "e");
  tb_cbor_text(w, name);
  if (v) {
    tb_cbor_text(w, "v");
    value(w, v);
  }
}

void tb_statement(tb_writer *w, uint8_t *buf, size_t cap, const uint8_t *cose, size_t len) {
  tb_begin(w, buf, cap, TB_STATEMENT);
  tb_raw(w, cose, len);
}

size_t tb_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap) {
  size_t code_at = 0, o = 1, i;
  uint8_t code = 1;
  if (cap == 0) return 0;
  for (i = 0; i < len; i++) {
    if (o >= cap) return 0;
    if (in[i] == 0) {
      out[code_at] = code;
      code_at = o++;
      code = 1;
      continue;
    }
    out[o++] = in[i];
    /* A full block of 254 bytes has no implied zero; a new block starts only if data follows. */
    if (++code == 0xFF && i + 1 < len) {
      if (o >= cap) return 0;
      out[code_at] = code;
      code_at = o++;
      code = 1;
    }
  }
  out[code_at] = code;
  return o;
}

size_t tb_end(tb_writer *w, uint8_t *out, size_t cap) {
  uint32_t crc;
  size_t n;
  if (w->len - 2 > TB_MAX_PAYLOAD) w->err = TB_ERR_TOO_LARGE;
  crc = tb_crc32(w->buf, w->len);
  put(w, (uint8_t)crc);
  put(w, (uint8_t)(crc >> 8));
  put(w, (uint8_t)(crc >> 16));
  put(w, (uint8_t)(crc >> 24));
  if (w->err != TB_OK) return 0;
  n = tb_cobs_encode(w->buf, w->len, out, cap);
  if (n == 0 || n >= cap) return 0;
  out[n] = 0;
  return n + 1;
}
