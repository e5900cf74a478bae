// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test patterns: byte p of the stream of seed s is byte (p mod 8) of the
 * little-endian 64-bit word mix(s, p / 8), a splitmix64 finaliser of the
 * seed and the word index. Any slice can be made or checked on its own.
 */
#include <endian.h>
#include <string.h>

#include "internal.h"

static inline uint64_t pattern_word(uint64_t seed, uint64_t idx)
{
	uint64_t z = idx + seed * 0xd1b54a32d192ed03ULL + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline unsigned char pattern_byte(uint64_t seed, uint64_t pos)
{
	return (unsigned char)(pattern_word(seed, pos / 8) >> (8 * (pos % 8)));
}

AXIDMA_API void axidma_pattern_fill(void *buf, size_t len, uint64_t seed,
				    uint64_t offset)
{
	unsigned char *p = buf;
	uint64_t w;

	/* head: up to the next word boundary of the stream */
	while (len && offset % 8) {
		*p++ = pattern_byte(seed, offset++);
		len--;
	}
	for (; len >= 8; len -= 8, p += 8, offset += 8) {
		w = htole64(pattern_word(seed, offset / 8));
		memcpy(p, &w, 8);
	}
	while (len--)
		*p++ = pattern_byte(seed, offset++);
}

AXIDMA_API bool axidma_pattern_check(const void *buf, size_t len, uint64_t seed,
				     uint64_t offset, size_t *bad)
{
	const unsigned char *p = buf;
	size_t i = 0;
	uint64_t w;

	while (i < len && (offset + i) % 8) {
		if (p[i] != pattern_byte(seed, offset + i))
			goto mismatch;
		i++;
	}
	for (; len - i >= 8; i += 8) {
		w = htole64(pattern_word(seed, (offset + i) / 8));
		if (memcmp(p + i, &w, 8))
			break;	/* find the byte below */
	}
	for (; i < len; i++)
		if (p[i] != pattern_byte(seed, offset + i))
			goto mismatch;
	return true;

mismatch:
	if (bad)
		*bad = i;
	return false;
}
