// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_board - registers axidma client devices without device tree
 *
 * What board code does on a platform without device tree: one platform
 * device "axidma" per client, with the client's name ("label") and its
 * channel names ("dma-names") as device properties (a software node). The
 * channels themselves come from the providers' dma_slave_map, which names
 * the client device: device i is "axidma.<i>". Example, with three
 * simulator engines whose configfs "client" attributes are axidma.0,
 * axidma.1 and axidma.2:
 *
 *	insmod axidma_board.ko clients="loop0=tx,rx;loop1=tx,rx;direct0=tx,rx"
 *
 * gives /dev/axidma/loop0/tx, /dev/axidma/loop0/rx, ... once axidma.ko is
 * loaded. Test code only.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>

#define BOARD_MAX_CLIENTS	16
#define BOARD_MAX_NAMES		32

static char *clients = "loop0=tx,rx";
module_param(clients, charp, 0444);
MODULE_PARM_DESC(clients,
		 "clients as NAME=DMA-NAME,DMA-NAME;... (device i is axidma.<i>)");

static struct platform_device *board_pdevs[BOARD_MAX_CLIENTS];
static unsigned int board_count;

static int board_add(unsigned int id, char *spec)
{
	const char *names[BOARD_MAX_NAMES];
	struct property_entry props[3] = { };
	struct platform_device_info info = {
		.name = "axidma",
		.id = id,
		.properties = props,
	};
	struct platform_device *pdev;
	char *label, *name;
	unsigned int n = 0;

	label = strsep(&spec, "=");
	if (!spec || !*label)
		return -EINVAL;
	while ((name = strsep(&spec, ",")) != NULL) {
		if (!*name)
			continue;
		if (n == BOARD_MAX_NAMES)
			return -E2BIG;
		names[n++] = name;
	}
	if (!n)
		return -EINVAL;

	props[0] = PROPERTY_ENTRY_STRING("label", label);
	props[1] = PROPERTY_ENTRY_STRING_ARRAY_LEN("dma-names", names, n);
	/* The properties are copied into the device's software node. */
	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	board_pdevs[board_count++] = pdev;
	return 0;
}

static void board_remove_all(void)
{
	while (board_count)
		platform_device_unregister(board_pdevs[--board_count]);
}

static int __init board_init(void)
{
	char *buf, *p, *spec;
	int ret = 0;

	buf = kstrdup(clients, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = buf;
	while ((spec = strsep(&p, "; ")) != NULL) {
		if (!*spec)
			continue;
		if (board_count == BOARD_MAX_CLIENTS) {
			ret = -E2BIG;
			break;
		}
		ret = board_add(board_count, spec);
		if (ret)
			break;
	}
	kfree(buf);
	if (ret) {
		pr_err("axidma_board: bad clients \"%s\": %d\n", clients, ret);
		board_remove_all();
	}
	return ret;
}
module_init(board_init);

static void __exit board_exit(void)
{
	board_remove_all();
}
module_exit(board_exit);

MODULE_DESCRIPTION("axidma test board code: client devices without device tree");
MODULE_LICENSE("GPL");
