#include "tet_bridge.h"

/* CRC-32 (IEEE 802.3 / zlib): reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF.
 * Bitwise rather than table-driven: 1 KiB of flash saved for a few cycles per byte. */
uint32_t tb_crc32(const uint8_t *data, size_t len) {
  uint32_t c = 0xFFFFFFFFu;
  size_t i;
  int k;
  for (i = 0; i < len; i++) {
    c ^= data[i];
    for (k = 0; k < 8; k++) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}
