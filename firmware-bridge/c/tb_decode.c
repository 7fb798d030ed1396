#include "tet_bridge.h"

long tb_cobs_decode(uint8_t *buf, size_t len) {
  size_t i = 0, o = 0, k;
  uint8_t code;
  while (i < len) {
    code = buf[i];
    if (code == 0 || i + code > len) return TB_ERR_COBS;
    for (k = 1; k < code; k++) {
      if (buf[i + k] == 0) return TB_ERR_COBS;
      buf[o++] = buf[i + k];
    }
    i += code;
    if (code < 0xFF && i < len) buf[o++] = 0;
  }
  return (long)o;
}

static int known_type(uint8_t t) {
  return (t >= TB_HELLO && t <= TB_STATEMENT) || t == TB_LOGIN || t == TB_DOWN;
}

int tb_decode_frame(uint8_t *wire, size_t len, tb_frame *out) {
  long n = tb_cobs_decode(wire, len);
  uint32_t want;
  if (n < 0) return (int)n;
  if ((size_t)n > TB_MAX_FRAME) return TB_ERR_TOO_LARGE;
  if (n < 6) return TB_ERR_SHORT;
  want = (uint32_t)wire[n - 4] | (uint32_t)wire[n - 3] << 8 | (uint32_t)wire[n - 2] << 16 |
         (uint32_t)wire[n - 1] << 24;
  if (tb_crc32(wire, (size_t)n - 4) != want) return TB_ERR_CRC;
  if (wire[0] != TB_VERSION) return TB_ERR_VERSION;
  if (!known_type(wire[1])) return TB_ERR_TYPE;
  out->type = wire[1];
  out->payload = wire + 2;
  out->len = (size_t)n - 6;
  return 1;
}

void tb_decoder_init(tb_decoder *d) {
  d->len = 0;
  d->overflow = 0;
  d->frames = 0;
  d->rejected = 0;
}

int tb_feed(tb_decoder *d, uint8_t byte, tb_frame *out) {
  int r;
  size_t len;
  if (byte != 0) {
    if (d->len >= sizeof d->buf)
      d->overflow = 1; /* skip to the next delimiter */
    else
      d->buf[d->len++] = byte;
    return 0;
  }
  len = d->len;
  d->len = 0;
  if (d->overflow) {
    d->overflow = 0;
    d->rejected++;
    return TB_ERR_TOO_LARGE;
  }
  if (len == 0) return 0;
  r = tb_decode_frame(d->buf, len, out);
  if (r == 1)
    d->frames++;
  else
    d->rejected++;
  return r;
}

/* Reads a CBOR head; returns the argument, or sets *ok = 0. Only definite lengths (RFC 8949 §4.2.1). */
static uint64_t head(const uint8_t *p, size_t len, size_t *i, uint8_t major, int *ok) {
  uint8_t ib, ai;
  int n, k;
  uint64_t v = 0;
  if (*i >= len) return (uint64_t)(*ok = 0);
  ib = p[(*i)++];
  ai = ib & 0x1F;
  if ((ib >> 5) != major || ai > 27) return (uint64_t)(*ok = 0);
  if (ai < 24) return ai;
  n = 1 << (ai - 24);
  if (*i + (size_t)n > len) return (uint64_t)(*ok = 0);
  for (k = 0; k < n; k++) v = v << 8 | p[(*i)++];
  return v;
}

static int key(const uint8_t *p, size_t len, size_t *i, char want, int *ok) {
  if (head(p, len, i, 3, ok) != 1 || !*ok || *i >= len || p[*i] != (uint8_t)want) return *ok = 0;
  (*i)++;
  return 1;
}

/* The login request {"n": 16 bytes, "t": uint}, keys in deterministic order. */
int tb_login(const tb_frame *f, uint64_t *ts, uint8_t nonce[16]) {
  size_t i = 0, k;
  int ok = 1;
  if (f->type != TB_LOGIN || head(f->payload, f->len, &i, 5, &ok) != 2 || !ok) return TB_ERR_PAYLOAD;
  key(f->payload, f->len, &i, 'n', &ok);
  if (!ok || head(f->payload, f->len, &i, 2, &ok) != 16 || !ok || i + 16 > f->len) return TB_ERR_PAYLOAD;
  for (k = 0; k < 16; k++) nonce[k] = f->payload[i++];
  key(f->payload, f->len, &i, 't', &ok);
  *ts = head(f->payload, f->len, &i, 0, &ok);
  return ok && i == f->len ? TB_OK : TB_ERR_PAYLOAD;
}
