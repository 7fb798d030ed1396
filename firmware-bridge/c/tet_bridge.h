/*
 * TET firmware bridge: reference frame encoder and decoder for microcontrollers (PROTOCOL.md).
 * C99, no malloc, no global state: every buffer is the caller's. Frames are
 *   COBS( version | type | CBOR payload | CRC-32 little-endian ) 0x00
 * with deterministic CBOR payloads (RFC 8949 §4.2.1) that the host decodes strictly.
 */
#ifndef TET_BRIDGE_H
#define TET_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#define TB_VERSION 1u
#ifndef TB_MAX_PAYLOAD
#define TB_MAX_PAYLOAD 2048u /* the protocol's maximum; a small MCU may define less */
#endif
#define TB_MAX_FRAME (TB_MAX_PAYLOAD + 6u)
#define TB_MAX_WIRE (TB_MAX_FRAME + (TB_MAX_FRAME + 253u) / 254u)

enum tb_type {
  TB_HELLO = 0x01,
  TB_READING = 0x02,
  TB_BATCH = 0x03,
  TB_EVENT = 0x04,
  TB_STATEMENT = 0x05,
  TB_LOGIN = 0x81,
  TB_DOWN = 0x82
};

/* Rejections, the same codes as the TypeScript BridgeError (FRAME_*). */
enum tb_error {
  TB_OK = 0,
  TB_ERR_TOO_LARGE = -1,
  TB_ERR_COBS = -2,
  TB_ERR_SHORT = -3,
  TB_ERR_CRC = -4,
  TB_ERR_VERSION = -5,
  TB_ERR_TYPE = -6,
  TB_ERR_PAYLOAD = -7,
  TB_ERR_SPACE = -8 /* encoder: the caller's buffer is too small */
};

uint32_t tb_crc32(const uint8_t *data, size_t len);
size_t tb_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);
/* Decodes in place (COBS never grows when decoding); returns the length or a negative tb_error. */
long tb_cobs_decode(uint8_t *buf, size_t len);

/* ---- encoder ---- */

/* Writes one frame's version, type and CBOR payload into buf; `err` sticks at the first overflow. */
typedef struct {
  uint8_t *buf;
  size_t cap;
  size_t len;
  int err;
} tb_writer;

typedef enum { TB_V_INT, TB_V_FLOAT, TB_V_TEXT, TB_V_BOOL } tb_value_kind;
typedef struct {
  tb_value_kind kind;
  union {
    int64_t i;
    double f;
    const char *s;
    int b;
  } u;
} tb_value;
typedef struct {
  const char *name; /* [A-Za-z][A-Za-z0-9_.-]{0,31} */
  const char *unit; /* SenML unit or NULL */
  tb_value value;
} tb_reading;

void tb_begin(tb_writer *w, uint8_t *buf, size_t cap, uint8_t type);
void tb_cbor_uint(tb_writer *w, uint64_t v);
void tb_cbor_int(tb_writer *w, int64_t v);
void tb_cbor_double(tb_writer *w, double v); /* integral values as integers, else the shortest float */
void tb_cbor_text(tb_writer *w, const char *s);
void tb_cbor_bytes(tb_writer *w, const uint8_t *b, size_t len);
void tb_cbor_bool(tb_writer *w, int v);
void tb_cbor_array(tb_writer *w, size_t n);
void tb_cbor_map(tb_writer *w, size_t n);
void tb_raw(tb_writer *w, const uint8_t *b, size_t len);

void tb_put_reading(tb_writer *w, const tb_reading *r);
void tb_hello(tb_writer *w, uint8_t *buf, size_t cap, const char *fw, const char *id, const char *const *sensors,
              size_t n);
void tb_reading_msg(tb_writer *w, uint8_t *buf, size_t cap, const tb_reading *r);
void tb_batch(tb_writer *w, uint8_t *buf, size_t cap, const tb_reading *r, size_t n);
void tb_event(tb_writer *w, uint8_t *buf, size_t cap, const char *name, const tb_value *v /* or NULL */);
void tb_statement(tb_writer *w, uint8_t *buf, size_t cap, const uint8_t *cose, size_t len);

/* Appends the CRC, COBS-encodes into out and adds the delimiter: the bytes to send, or 0 on error. */
size_t tb_end(tb_writer *w, uint8_t *out, size_t cap);

/* ---- decoder ---- */

typedef struct {
  uint8_t type;
  const uint8_t *payload;
  size_t len;
} tb_frame;

typedef struct {
  uint8_t buf[TB_MAX_WIRE];
  size_t len;
  int overflow;
  uint32_t frames;
  uint32_t rejected;
} tb_decoder;

void tb_decoder_init(tb_decoder *d);
/*
 * Feeds one byte. Returns 1 when it completed a valid frame (`out` points into the decoder's buffer
 * until the next call), 0 when more bytes are needed, or a negative tb_error when it completed a
 * rejected frame; decoding always resumes at the next delimiter.
 */
int tb_feed(tb_decoder *d, uint8_t byte, tb_frame *out);
/* Checks one delimited frame (without the delimiter), in place. */
int tb_decode_frame(uint8_t *wire, size_t len, tb_frame *out);
/* The host's login request: the time (ms) and 16-byte nonce to sign a connect statement with. */
int tb_login(const tb_frame *f, uint64_t *ts, uint8_t nonce[16]);

#endif
