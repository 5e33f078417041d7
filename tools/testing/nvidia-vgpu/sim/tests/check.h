/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check.h: the assertion macros of the host-side simulator tests. A
 * failed check counts in t_fail (the test's verdict) and prints where
 * and what, as a TAP diagnostic; the test goes on.
 */
#ifndef NVSIM_TESTS_CHECK_H
#define NVSIM_TESTS_CHECK_H

#include <stdio.h>

static int t_fail;

#define CHECK(c) do {							\
	if (!(c)) {							\
		t_fail++;						\
		printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); \
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		t_fail++;						\
		printf("#   %s:%d: %s = 0x%llx, expected %s = 0x%llx\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);		\
	}								\
} while (0)

#endif /* NVSIM_TESTS_CHECK_H */
