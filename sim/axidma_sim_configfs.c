// SPDX-License-Identifier: GPL-2.0
/*
 * configfs instances of the simulated AXI DMA, for machines without a
 * device tree (in the manner of gpio-sim):
 *
 *   mkdir /sys/kernel/config/axidma-sim/eng0
 *   cd /sys/kernel/config/axidma-sim/eng0
 *   echo my-client > client	# dev_name() of the client device
 *   echo 32 > datawidth
 *   echo 1 > live		# registers the device; returns the probe error
 *   cat dev_name		# e.g. axidma-sim.0, the debugfs directory
 *   echo 0 > live		# -EBUSY while a client holds a channel
 *
 * Attributes cannot change while the instance is live (-EBUSY), and a
 * live instance cannot be removed (rmdir: -EBUSY).
 */

#include <linux/configfs.h>
#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "axidma_sim_priv.h"

static DEFINE_IDA(sim_cfs_ida);

/**
 * struct sim_cfs_dev - one configfs instance
 * @group: its configfs directory
 * @lock: protects all fields below
 * @mm2s: the engine has an MM2S channel
 * @s2mm: the engine has an S2MM channel
 * @datawidth: data width of both channels, in bits
 * @include_dre: both channels have DRE
 * @addrwidth: address width in bits
 * @sg_length_width: width of the BD length field
 * @include_sg: scatter-gather mode
 * @irq_delay: interrupt delay timer, in ticks
 * @per_channel_caps: report each channel's own direction (device_caps)
 * @client: client device name for the dma_slave_map
 * @tx_name: slave name of MM2S in the map
 * @rx_name: slave name of S2MM in the map
 * @pdev: the registered platform device while live, else NULL
 * @id: platform device id while live
 */
struct sim_cfs_dev {
	struct config_group group;
	struct mutex lock;	/* see the kernel-doc above */
	u32 mm2s;
	u32 s2mm;
	u32 datawidth;
	u32 include_dre;
	u32 addrwidth;
	u32 sg_length_width;
	u32 include_sg;
	u32 irq_delay;
	u32 per_channel_caps;
	char client[AXIDMA_SIM_NAME_LEN];
	char tx_name[AXIDMA_SIM_NAME_LEN];
	char rx_name[AXIDMA_SIM_NAME_LEN];
	struct platform_device *pdev;
	int id;
};

static struct configfs_subsystem sim_cfs_subsys;

static struct sim_cfs_dev *to_sim_cfs_dev(struct config_item *item)
{
	return container_of(to_config_group(item), struct sim_cfs_dev, group);
}

/* The u32 field at offset off of an instance. */
static u32 *sim_cfs_u32(struct sim_cfs_dev *dev, size_t off)
{
	return (u32 *)((char *)dev + off);
}

static ssize_t sim_cfs_u32_show(struct config_item *item, char *page,
				size_t off)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	ssize_t ret;

	mutex_lock(&dev->lock);
	ret = sprintf(page, "%u\n", *sim_cfs_u32(dev, off));
	mutex_unlock(&dev->lock);
	return ret;
}

/*
 * Numbers are checked for syntax only (and booleans for 0/1); the probe
 * checks the values and "live" reports its verdict.
 */
static ssize_t sim_cfs_u32_store(struct config_item *item, const char *page,
				 size_t count, size_t off, u32 max)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	ssize_t ret = count;
	u32 val;

	if (kstrtou32(page, 0, &val))
		return -EINVAL;
	if (val > max)
		return -EINVAL;
	mutex_lock(&dev->lock);
	if (dev->pdev)
		ret = -EBUSY;
	else
		*sim_cfs_u32(dev, off) = val;
	mutex_unlock(&dev->lock);
	return ret;
}

#define SIM_CFS_U32_ATTR(_name, _max)					\
static const size_t sim_cfs_off_##_name =				\
	offsetof(struct sim_cfs_dev, _name);				\
static ssize_t sim_cfs_dev_##_name##_show(struct config_item *item,	\
					  char *page)			\
{									\
	return sim_cfs_u32_show(item, page, sim_cfs_off_##_name);	\
}									\
static ssize_t sim_cfs_dev_##_name##_store(struct config_item *item,	\
					   const char *page,		\
					   size_t count)		\
{									\
	return sim_cfs_u32_store(item, page, count,			\
				 sim_cfs_off_##_name, _max);		\
}

SIM_CFS_U32_ATTR(mm2s, 1);
SIM_CFS_U32_ATTR(s2mm, 1);
SIM_CFS_U32_ATTR(datawidth, U32_MAX);
SIM_CFS_U32_ATTR(include_dre, 1);
SIM_CFS_U32_ATTR(addrwidth, U32_MAX);
SIM_CFS_U32_ATTR(sg_length_width, U32_MAX);
SIM_CFS_U32_ATTR(include_sg, 1);
SIM_CFS_U32_ATTR(irq_delay, U32_MAX);
SIM_CFS_U32_ATTR(per_channel_caps, 1);

CONFIGFS_ATTR(sim_cfs_dev_, mm2s);
CONFIGFS_ATTR(sim_cfs_dev_, s2mm);
CONFIGFS_ATTR(sim_cfs_dev_, datawidth);
CONFIGFS_ATTR(sim_cfs_dev_, include_dre);
CONFIGFS_ATTR(sim_cfs_dev_, addrwidth);
CONFIGFS_ATTR(sim_cfs_dev_, sg_length_width);
CONFIGFS_ATTR(sim_cfs_dev_, include_sg);
CONFIGFS_ATTR(sim_cfs_dev_, irq_delay);
CONFIGFS_ATTR(sim_cfs_dev_, per_channel_caps);

static ssize_t sim_cfs_str_show(struct config_item *item, char *page,
				size_t off)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	ssize_t ret;

	mutex_lock(&dev->lock);
	ret = sprintf(page, "%s\n", (char *)dev + off);
	mutex_unlock(&dev->lock);
	return ret;
}

static ssize_t sim_cfs_str_store(struct config_item *item, const char *page,
				 size_t count, size_t off, bool may_be_empty)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	char *field = (char *)dev + off;
	size_t len = count;
	ssize_t ret = count;

	if (len && page[len - 1] == '\n')
		len--;
	if (len >= AXIDMA_SIM_NAME_LEN || (!len && !may_be_empty))
		return -EINVAL;
	mutex_lock(&dev->lock);
	if (dev->pdev) {
		ret = -EBUSY;
	} else {
		memcpy(field, page, len);
		field[len] = '\0';
	}
	mutex_unlock(&dev->lock);
	return ret;
}

#define SIM_CFS_STR_ATTR(_name, _may_be_empty)				\
static const size_t sim_cfs_off_##_name =				\
	offsetof(struct sim_cfs_dev, _name);				\
static ssize_t sim_cfs_dev_##_name##_show(struct config_item *item,	\
					  char *page)			\
{									\
	return sim_cfs_str_show(item, page, sim_cfs_off_##_name);	\
}									\
static ssize_t sim_cfs_dev_##_name##_store(struct config_item *item,	\
					   const char *page,		\
					   size_t count)		\
{									\
	return sim_cfs_str_store(item, page, count,			\
				 sim_cfs_off_##_name, _may_be_empty);	\
}

SIM_CFS_STR_ATTR(client, true);
SIM_CFS_STR_ATTR(tx_name, false);
SIM_CFS_STR_ATTR(rx_name, false);

CONFIGFS_ATTR(sim_cfs_dev_, client);
CONFIGFS_ATTR(sim_cfs_dev_, tx_name);
CONFIGFS_ATTR(sim_cfs_dev_, rx_name);

static ssize_t sim_cfs_dev_dev_name_show(struct config_item *item, char *page)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	ssize_t ret;

	mutex_lock(&dev->lock);
	ret = sprintf(page, "%s\n",
		      dev->pdev ? dev_name(&dev->pdev->dev) : "none");
	mutex_unlock(&dev->lock);
	return ret;
}

CONFIGFS_ATTR_RO(sim_cfs_dev_, dev_name);

/* Register the platform device; its probe runs before this returns. */
static int sim_cfs_activate(struct sim_cfs_dev *dev)
{
	struct platform_device_info info = { };
	struct axidma_sim_pdata *pd;
	struct platform_device *pdev;
	bool bound;
	int id, ret;

	pd = kzalloc(sizeof(*pd), GFP_KERNEL);
	if (!pd)
		return -ENOMEM;
	pd->cfg.has_chan[AXIDMA_SIM_MM2S] = dev->mm2s;
	pd->cfg.has_chan[AXIDMA_SIM_S2MM] = dev->s2mm;
	pd->cfg.datawidth[AXIDMA_SIM_MM2S] = dev->datawidth;
	pd->cfg.datawidth[AXIDMA_SIM_S2MM] = dev->datawidth;
	pd->cfg.dre[AXIDMA_SIM_MM2S] = dev->include_dre;
	pd->cfg.dre[AXIDMA_SIM_S2MM] = dev->include_dre;
	pd->cfg.addrwidth = dev->addrwidth;
	pd->cfg.sg_length_width = dev->sg_length_width;
	pd->cfg.include_sg = dev->include_sg;
	pd->cfg.irq_delay = dev->irq_delay;
	pd->cfg.per_chan_caps = dev->per_channel_caps;
	strscpy(pd->client, dev->client, sizeof(pd->client));
	strscpy(pd->tx_name, dev->tx_name, sizeof(pd->tx_name));
	strscpy(pd->rx_name, dev->rx_name, sizeof(pd->rx_name));

	id = ida_alloc(&sim_cfs_ida, GFP_KERNEL);
	if (id < 0) {
		kfree(pd);
		return id;
	}

	info.name = AXIDMA_SIM_DRV_NAME;
	info.id = id;
	info.data = pd;
	info.size_data = sizeof(*pd);
	info.dma_mask = DMA_BIT_MASK(clamp(dev->addrwidth, 32U, 64U));
	pdev = platform_device_register_full(&info);
	kfree(pd);	/* the device holds a copy */
	if (IS_ERR(pdev)) {
		ret = PTR_ERR(pdev);
		goto free_id;
	}

	/* The driver probes synchronously: the outcome is known now. */
	device_lock(&pdev->dev);
	bound = pdev->dev.driver;
	pd = dev_get_platdata(&pdev->dev);
	ret = bound ? 0 : pd->probe_err ?: -ENODEV;
	device_unlock(&pdev->dev);
	if (ret)
		goto unregister;

	/* A live instance cannot be removed. */
	ret = configfs_depend_item_unlocked(&sim_cfs_subsys,
					    &dev->group.cg_item);
	if (ret)
		goto unregister;

	dev->pdev = pdev;
	dev->id = id;
	return 0;

unregister:
	platform_device_unregister(pdev);
free_id:
	ida_free(&sim_cfs_ida, id);
	return ret;
}

static int sim_cfs_deactivate(struct sim_cfs_dev *dev)
{
	if (axidma_sim_engine_in_use(&dev->pdev->dev))
		return -EBUSY;
	platform_device_unregister(dev->pdev);
	ida_free(&sim_cfs_ida, dev->id);
	dev->pdev = NULL;
	configfs_undepend_item(&dev->group.cg_item);
	return 0;
}

static ssize_t sim_cfs_dev_live_show(struct config_item *item, char *page)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	ssize_t ret;

	mutex_lock(&dev->lock);
	ret = sprintf(page, "%d\n", !!dev->pdev);
	mutex_unlock(&dev->lock);
	return ret;
}

static ssize_t sim_cfs_dev_live_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);
	bool live;
	int ret = 0;

	if (kstrtobool(page, &live))
		return -EINVAL;

	mutex_lock(&dev->lock);
	if (live && !dev->pdev)
		ret = sim_cfs_activate(dev);
	else if (!live && dev->pdev)
		ret = sim_cfs_deactivate(dev);
	mutex_unlock(&dev->lock);
	return ret ?: count;
}

CONFIGFS_ATTR(sim_cfs_dev_, live);

static struct configfs_attribute *sim_cfs_dev_attrs[] = {
	&sim_cfs_dev_attr_mm2s,
	&sim_cfs_dev_attr_s2mm,
	&sim_cfs_dev_attr_datawidth,
	&sim_cfs_dev_attr_include_dre,
	&sim_cfs_dev_attr_addrwidth,
	&sim_cfs_dev_attr_sg_length_width,
	&sim_cfs_dev_attr_include_sg,
	&sim_cfs_dev_attr_irq_delay,
	&sim_cfs_dev_attr_per_channel_caps,
	&sim_cfs_dev_attr_client,
	&sim_cfs_dev_attr_tx_name,
	&sim_cfs_dev_attr_rx_name,
	&sim_cfs_dev_attr_dev_name,
	&sim_cfs_dev_attr_live,
	NULL
};

static void sim_cfs_dev_release(struct config_item *item)
{
	struct sim_cfs_dev *dev = to_sim_cfs_dev(item);

	/* Never live here: rmdir of a live instance is refused. */
	mutex_destroy(&dev->lock);
	kfree(dev);
}

static struct configfs_item_operations sim_cfs_dev_item_ops = {
	.release = sim_cfs_dev_release,
};

static const struct config_item_type sim_cfs_dev_type = {
	.ct_item_ops = &sim_cfs_dev_item_ops,
	.ct_attrs = sim_cfs_dev_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *sim_cfs_make_group(struct config_group *group,
					       const char *name)
{
	struct sim_cfs_dev *dev;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	mutex_init(&dev->lock);
	dev->mm2s = 1;
	dev->s2mm = 1;
	dev->datawidth = 64;
	dev->addrwidth = 32;
	dev->sg_length_width = 23;
	dev->include_sg = 1;
	strscpy(dev->tx_name, "tx", sizeof(dev->tx_name));
	strscpy(dev->rx_name, "rx", sizeof(dev->rx_name));
	config_group_init_type_name(&dev->group, name, &sim_cfs_dev_type);
	return &dev->group;
}

static struct configfs_group_operations sim_cfs_group_ops = {
	.make_group = sim_cfs_make_group,
};

static const struct config_item_type sim_cfs_subsys_type = {
	.ct_group_ops = &sim_cfs_group_ops,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem sim_cfs_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = AXIDMA_SIM_DRV_NAME,
			.ci_type = &sim_cfs_subsys_type,
		},
	},
};

/**
 * axidma_sim_configfs_init() - register /sys/kernel/config/axidma-sim
 *
 * Return: 0 or a negative errno.
 */
int axidma_sim_configfs_init(void)
{
	config_group_init(&sim_cfs_subsys.su_group);
	mutex_init(&sim_cfs_subsys.su_mutex);
	return configfs_register_subsystem(&sim_cfs_subsys);
}

/**
 * axidma_sim_configfs_exit() - unregister /sys/kernel/config/axidma-sim
 *
 * No instance exists: each holds a reference on the module.
 */
void axidma_sim_configfs_exit(void)
{
	configfs_unregister_subsystem(&sim_cfs_subsys);
	mutex_destroy(&sim_cfs_subsys.su_mutex);
}
