/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels the out-of-tree module builds against
 * (Debian 5.10, 6.1 and 6.12). driver/Kbuild detects each interface in the
 * kernel's headers and defines the AXIDMA_* macros tested here, so that
 * axidma.c reads as mainline code; this file goes away when merged.
 */
#ifndef _AXIDMA_COMPAT_H
#define _AXIDMA_COMPAT_H

#include <linux/dmaengine.h>
#include <linux/mm.h>

/* 5.11: dmaengine_get_dma_device() (a channel may do DMA for its device). */
#ifndef AXIDMA_HAVE_GET_DMA_DEVICE
static inline struct device *dmaengine_get_dma_device(struct dma_chan *chan)
{
	return chan->device->dev;
}
#endif

/* 6.2: struct class::devnode takes a const struct device. */
#ifdef AXIDMA_CONST_DEVNODE
#define AXIDMA_DEVNODE_CONST const
#else
#define AXIDMA_DEVNODE_CONST
#endif

/* 6.3: vma->vm_flags is written through vm_flags_set(). */
#ifndef AXIDMA_HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma,
				vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* 6.11: platform_driver::remove returns void. */
#ifdef AXIDMA_VOID_REMOVE
#define AXIDMA_REMOVE_TYPE void
#define AXIDMA_REMOVE_RET
#else
#define AXIDMA_REMOVE_TYPE int
#define AXIDMA_REMOVE_RET 0
#endif

#endif /* _AXIDMA_COMPAT_H */
