// SPDX-License-Identifier: GPL-2.0
/*
 * Bare-metal L3 guest payload: a full Linux guest under TCG inside TCG
 * does not boot in useful time, this does in seconds. It prints KTAP on
 * the serial port and exits QEMU through isa-debug-exit.
 *
 * Without "vgpu" on its command line it only proves that it runs (the L3
 * smoke test); with it, it runs the vGPU workload of vgpu.c.
 */
#include "guest.h"

#define COM1 0x3f8

/* struct hvm_start_info (xen/include/public/arch-x86/hvm/start_info.h) */
#define HVM_START_MAGIC		0x336ec578
#define HVM_START_CMDLINE	24	/* offset of cmdline_paddr */

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

void puthex64(u64 v)
{
	puthex(v >> 32);
	putstr("_");
	puthex(v);
}

void *memset(void *s, int c, unsigned int n)
{
	u8 *p = s;

	while (n--)
		*p++ = c;
	return s;
}

void *memcpy(void *d, const void *s, unsigned int n)
{
	u8 *q = d;
	const u8 *p = s;

	while (n--)
		*q++ = *p++;
	return d;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

void guest_exit(u8 code)
{
	outb(0xf4, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static const char *cmdline(u32 start_info)
{
	const u32 *si = (const u32 *)start_info;

	if (!start_info || si[0] != HVM_START_MAGIC)
		return "";
	return (const char *)*(const u32 *)(start_info + HVM_START_CMDLINE);
}

static int has_word(const char *s, const char *w)
{
	for (; *s; s++) {
		const char *a = s, *b = w;

		while (*b && *a == *b) {
			a++;
			b++;
		}
		if (!*b && (*a == ' ' || *a == '=' || !*a))
			return 1;
		while (*s && *s != ' ')
			s++;
		if (!*s)
			break;
	}
	return 0;
}

void guest_main(u32 start_info)
{
	const char *cmd = cmdline(start_info);
	int failed = 0;

	putstr("@@@L3-BOOTED\n");
	if (has_word(cmd, "vgpu"))
		failed = vgpu_workload(cmd);
	else
		putstr("KTAP version 1\n1..1\nok 1 l3 payload runs\n");
	putstr("@@@L3-DONE\n");
	guest_exit(failed ? 1 : 0);
}
