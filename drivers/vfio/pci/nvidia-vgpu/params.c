// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The plugin parameters of a VF (nvidia/vgpu_params), in the format of
 * NVIDIA's host driver: "key=value" items separated by commas (spaces
 * around an item are allowed, as in NVIDIA's "frame_rate_limiter=0,
 * disable_vnc=1"); a single space clears them. Only the keys that mean
 * something to this driver and its vGPU manager are accepted, each with
 * the values 0 and 1; anything else is refused with -EINVAL and changes
 * nothing. Pure functions (no device, no locking) so that KUnit can test
 * them.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "nvidia_vgpu.h"

/*
 * The keys: NVIDIA's names (vGPU user guide, "Setting vGPU Plugin
 * Parameters"); invert: the key says the opposite of the field.
 */
static const struct nvvgpu_param_key {
	const char *name;
	size_t field;		/* in struct nvkm_vgpu_params, a u8 */
	bool invert;
} nvvgpu_param_keys[] = {
	{ "frame_rate_limiter", offsetof(struct nvkm_vgpu_params, frame_rate_limiter), false },
	{ "disable_vnc", offsetof(struct nvkm_vgpu_params, console_vnc), true },
	{ "enable_uvm", offsetof(struct nvkm_vgpu_params, uvm), false },
};

static u8 *nvvgpu_param_field(struct nvkm_vgpu_params *p, const struct nvvgpu_param_key *k)
{
	return (u8 *)p + k->field;
}

/**
 * nvvgpu_params_default - the parameters of a VF nobody set
 * @params: filled in: frame rate limiter on, console on, UVM off
 */
void nvvgpu_params_default(struct nvvgpu_params *params)
{
	memset(params, 0, sizeof(*params));
	params->p.frame_rate_limiter = 1;
	params->p.console_vnc = 1;
}

/* One "key=value" item, without surrounding spaces. */
static int nvvgpu_param_item(const char *s, size_t len, struct nvvgpu_params *params)
{
	const char *eq = memchr(s, '=', len);

	if (!eq)
		return -EINVAL;
	for (unsigned int i = 0; i < ARRAY_SIZE(nvvgpu_param_keys); i++) {
		const struct nvvgpu_param_key *k = &nvvgpu_param_keys[i];
		size_t klen = eq - s, vlen = len - klen - 1;
		u8 val;

		if (klen != strlen(k->name) || memcmp(s, k->name, klen))
			continue;
		if (vlen != 1 || (eq[1] != '0' && eq[1] != '1'))
			return -EINVAL;
		if (params->set & BIT(i))
			return -EINVAL;		/* a key twice */
		val = eq[1] - '0';
		*nvvgpu_param_field(&params->p, k) = k->invert ? !val : val;
		params->set |= BIT(i);
		return 0;
	}
	return -EINVAL;				/* unknown key */
}

/**
 * nvvgpu_params_parse - parse what was written to vgpu_params
 * @buf: the text; one trailing newline is ignored
 * @len: its length
 * @params: set to the parameters (keys not given keep their defaults)
 *
 * Return: 0, or -EINVAL (and @params is untouched) for an empty text, an
 * empty item, an unknown key, a key given twice, a value other than 0 or
 * 1, or a text longer than %NVVGPU_PARAMS_MAX_LEN.
 */
int nvvgpu_params_parse(const char *buf, size_t len, struct nvvgpu_params *params)
{
	struct nvvgpu_params out;
	size_t pos = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len > NVVGPU_PARAMS_MAX_LEN || memchr(buf, '\0', len))
		return -EINVAL;

	nvvgpu_params_default(&out);
	if (len == 1 && buf[0] == ' ') {
		*params = out;			/* a single space clears */
		return 0;
	}

	while (pos <= len) {
		const char *item = buf + pos, *end = memchr(item, ',', len - pos);
		size_t n = end ? end - item : len - pos;
		size_t a = 0, b = n;
		int ret;

		while (a < b && item[a] == ' ')
			a++;
		while (b > a && item[b - 1] == ' ')
			b--;
		ret = nvvgpu_param_item(item + a, b - a, &out);
		if (ret)
			return ret;
		pos += n + 1;
	}
	*params = out;
	return 0;
}

/**
 * nvvgpu_params_show - the parameters as vgpu_params reads
 * @params: the parameters
 * @buf: output
 * @size: its size
 *
 * The keys that were set, in a fixed order, "key=value" separated by
 * commas, and a newline; nothing if no key is set.
 *
 * Return: the length written.
 */
ssize_t nvvgpu_params_show(const struct nvvgpu_params *params, char *buf, size_t size)
{
	ssize_t len = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(nvvgpu_param_keys); i++) {
		const struct nvvgpu_param_key *k = &nvvgpu_param_keys[i];
		u8 val;

		if (!(params->set & BIT(i)))
			continue;
		val = *((const u8 *)&params->p + k->field);
		len += scnprintf(buf + len, size - len, "%s%s=%u", len ? "," : "", k->name,
				 k->invert ? !val : val);
	}
	if (len)
		len += scnprintf(buf + len, size - len, "\n");
	return len;
}
