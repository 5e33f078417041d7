/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of the bare-metal L3 guest payload. QEMU boots it directly as a
 * PVH ELF (-kernel): 32-bit protected mode, paging off, flat segments,
 * %ebx = physical address of the hvm_start_info (command line).
 */
	.section .note.pvh, "a"
	.balign 4
	.long 4			/* namesz: "Xen" */
	.long 4			/* descsz */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long _start

	.text
	.code32
	.globl _start
_start:
	cli
	movl	$stack_top, %esp
	pushl	%ebx
	call	guest_main
1:	hlt
	jmp	1b

	.bss
	.balign 16
	.space	16384
stack_top:

	.section .note.GNU-stack, "", @progbits
