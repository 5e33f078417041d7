// SPDX-License-Identifier: GPL-2.0
/*
 * ppm-frame FILE: what an L2 test compares with the frame an L3 guest says
 * it scanned out. Reads a binary PPM (P6, maxval 255: QEMU's screendump)
 * and prints "WIDTH HEIGHT CRC NONBLACK": CRC-32 (IEEE 802.3, as zlib's
 * crc32()) over the pixel data, i.e. the R, G, B bytes of every pixel,
 * row-major - the checksum nvsim_guest.ko reports for the live frame
 * (guest/nvsim_guest_uapi.h) - and the number of pixels that are not
 * black. Exit status 1 if the file is no such PPM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int field(FILE *f)
{
	int c, v = 0, n = 0;

	do {
		c = fgetc(f);
		if (c == '#')
			while (c != '\n' && c != EOF)
				c = fgetc(f);
	} while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	while (c >= '0' && c <= '9') {
		v = v * 10 + (c - '0');
		n++;
		c = fgetc(f);
	}
	return n ? v : -1;
}

int main(int argc, char **argv)
{
	uint32_t tab[256], crc = ~0u, c;
	unsigned long long nonblack = 0, i, n;
	int w, h, max, k, px[3];
	FILE *f;

	if (argc != 2)
		return 1;
	f = fopen(argv[1], "rb");
	if (!f)
		return 1;
	if (fgetc(f) != 'P' || fgetc(f) != '6')
		return 1;
	w = field(f);
	h = field(f);
	max = field(f);
	if (w <= 0 || h <= 0 || max != 255)
		return 1;
	for (i = 0; i < 256; i++) {
		for (c = i, k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		tab[i] = c;
	}
	n = (unsigned long long)w * h;
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++) {
			px[k] = fgetc(f);
			if (px[k] == EOF)
				return 1;
			crc = tab[(crc ^ px[k]) & 0xff] ^ (crc >> 8);
		}
		nonblack += px[0] || px[1] || px[2];
	}
	printf("%d %d %08x %llu\n", w, h, ~crc, nonblack);
	return 0;
}
