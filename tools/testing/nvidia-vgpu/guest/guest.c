// SPDX-License-Identifier: GPL-2.0
/*
 * Bare-metal L3 guest payload: a full Linux guest under TCG inside TCG
 * does not boot in useful time, this does in seconds. It prints KTAP on
 * the serial port and exits QEMU through isa-debug-exit.
 */
#include "guest.h"

#define COM1 0x3f8

void putstr(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putstr("\r");
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, *s);
	}
}

void putdec(u32 v)
{
	char buf[12];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	putstr(&buf[i]);
}

void puthex(u32 v)
{
	static const char hex[] = "0123456789abcdef";
	char buf[11] = "0x";
	int i;

	for (i = 0; i < 8; i++)
		buf[2 + i] = hex[(v >> (28 - 4 * i)) & 0xf];
	buf[10] = '\0';
	putstr(buf);
}

void guest_exit(u8 code)
{
	outb(0xf4, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void guest_main(void)
{
	putstr("@@@L3-BOOTED\n");
	putstr("KTAP version 1\n1..1\nok 1 l3 payload runs\n");
	putstr("@@@L3-DONE\n");
	guest_exit(0);
}
