/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal runtime of the bare-metal L3 guest payload. */
#ifndef NVGPU_GUEST_H
#define NVGPU_GUEST_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u32 inl(u16 port) { u32 v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* MMIO, through pointers the compiler must not cache */
static inline u32 rd32(u32 addr) { return *(volatile u32 *)addr; }
static inline void wr32(u32 addr, u32 v) { *(volatile u32 *)addr = v; }
static inline u16 rd16(u32 addr) { return *(volatile u16 *)addr; }
static inline void wr16(u32 addr, u16 v) { *(volatile u16 *)addr = v; }
static inline u8 rd8(u32 addr) { return *(volatile u8 *)addr; }

void putstr(const char *s);
void putdec(u32 v);
void puthex(u32 v);
void puthex64(u64 v);
void *memset(void *s, int c, unsigned int n);
void *memcpy(void *d, const void *s, unsigned int n);
int strcmp(const char *a, const char *b);
/* Exit QEMU through isa-debug-exit (iobase 0xf4): status (code << 1) | 1. */
void guest_exit(u8 code) __attribute__((noreturn));

/* vgpu.c: the vGPU guest workload; returns the number of failed tests */
int vgpu_workload(const char *cmdline);

#endif
