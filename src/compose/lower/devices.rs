//! Host hardware: `devices`, `gpus` and `blkio_config`.

use super::cx::{Cx, Place, sub_span};
use crate::compose::model::{
    BlkioConfig, BlkioRate, BlkioWeight, DeviceMapping, Gpus, Keys, Syntax, Text,
};
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind, ScalarValue};

pub(super) const DEVICE_KEYS: &[&str] = &["permissions", "source", "target"];
pub(super) const BLKIO_KEYS: &[&str] = &[
    "device_read_bps",
    "device_read_iops",
    "device_write_bps",
    "device_write_iops",
    "weight",
    "weight_device",
];
pub(super) const RATE_KEYS: &[&str] = &["path", "rate"];
pub(super) const WEIGHT_KEYS: &[&str] = &["path", "weight"];

impl Cx<'_> {
    /// `devices`: `source[:target[:permissions]]` strings or long-form entries.
    pub(super) fn devices(&mut self, node: &Node) -> Vec<DeviceMapping> {
        let mut out = Vec::new();
        for item in self.list(node, Place::Key("devices")).unwrap_or_default() {
            if item.as_map().is_some() {
                out.extend(self.long_device(item));
                continue;
            }
            let Some(text) = self.string(item, Place::Item("devices")) else {
                continue;
            };
            let parts: Vec<&str> = text.value.split(':').collect();
            let mut at = 0;
            let mut spans = Vec::with_capacity(parts.len());
            for part in &parts {
                spans.push(Spanned {
                    value: Text::new(part),
                    span: sub_span(item, at, at + part.len()),
                    origins: text.origins.clone(),
                });
                at += part.len() + 1;
            }
            if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
                self.invalid(
                    item,
                    format!("invalid device mapping `{}`", text.value),
                    "write it as `/dev/host[:/dev/container[:rwm]]`, or use the long syntax",
                );
                continue;
            }
            let mut spans = spans.into_iter();
            let Some(source) = spans.next() else { continue };
            let target = spans.next();
            let permissions = spans.next();
            if let Some(p) = &permissions {
                if !valid_permissions(&p.value) {
                    self.report(
                        &crate::rules::INVALID_VALUE,
                        p.span,
                        format!("invalid device permissions `{}`", p.value),
                    )
                    .help("use a combination of `r`, `w` and `m`, such as `rwm`");
                    continue;
                }
            }
            out.push(DeviceMapping {
                span: item.span,
                syntax: Syntax::Short,
                keys: Keys::new(),
                source,
                target,
                permissions,
            });
        }
        out
    }

    fn long_device(&mut self, item: &Node) -> Option<DeviceMapping> {
        let mut source = None;
        let mut target = None;
        let mut permissions = None;
        let keys = self.fields(item, Place::Item("devices"), DEVICE_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "source" => source = cx.string(v, p),
                "target" => target = cx.string(v, p),
                "permissions" => {
                    permissions = cx.string(v, p).filter(|perm| {
                        if valid_permissions(&perm.value) {
                            return true;
                        }
                        cx.invalid(
                            v,
                            format!("invalid device permissions `{}`", perm.value),
                            "use a combination of `r`, `w` and `m`, such as `rwm`",
                        );
                        false
                    });
                }
                _ => {}
            }
        })?;
        let Some(source) = source else {
            if !keys.contains_key("source") {
                self.missing(
                    item.span,
                    "device has no `source`".to_owned(),
                    "add `source:` with the device path on the host",
                );
            }
            return None;
        };
        Some(DeviceMapping {
            span: item.span,
            syntax: Syntax::Long,
            keys,
            source,
            target,
            permissions,
        })
    }

    /// `gpus: all` or a list of device requests.
    pub(super) fn gpus(&mut self, node: &Node) -> Option<Spanned<Gpus>> {
        let gpus = match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.value() {
                ScalarValue::Null => return None,
                ScalarValue::Str("all") => Gpus::All,
                _ => {
                    let text = Text::new(&scalar.text);
                    self.not_one_of(node, Place::Key("gpus"), &text, &["all"]);
                    return None;
                }
            },
            NodeKind::Seq(items) => {
                let mut requests = Vec::with_capacity(items.len());
                for item in items {
                    requests.extend(self.device_request(item, "gpus", false));
                }
                Gpus::Devices(requests)
            }
            NodeKind::Map(_) => {
                self.wrong_type(node, Place::Key("gpus"), "`all` or a list");
                return None;
            }
        };
        Some(Spanned::new(gpus, node.span))
    }

    pub(super) fn blkio_config(&mut self, node: &Node) -> Option<BlkioConfig> {
        if node.is_null() {
            return None;
        }
        let mut config = BlkioConfig::default();
        config.keys = self.fields(node, Place::Key("blkio_config"), BLKIO_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "weight" => config.weight = cx.blkio_weight(v, p),
                "weight_device" => {
                    for item in cx.list(v, p).unwrap_or_default() {
                        config.weight_device.extend(cx.weight_device(item));
                    }
                }
                "device_read_bps" => config.device_read_bps = cx.rates(v, f.name),
                "device_read_iops" => config.device_read_iops = cx.rates(v, f.name),
                "device_write_bps" => config.device_write_bps = cx.rates(v, f.name),
                "device_write_iops" => config.device_write_iops = cx.rates(v, f.name),
                _ => {}
            }
        })?;
        Some(config)
    }

    fn blkio_weight(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<u16>> {
        let weight = self.int_in(node, place, 10, 1000)?;
        Some(weight.map(|w| u16::try_from(w).unwrap_or(0)))
    }

    fn weight_device(&mut self, item: &Node) -> Option<BlkioWeight> {
        let mut path = None;
        let mut weight = None;
        let keys = self.fields(
            item,
            Place::Item("weight_device"),
            WEIGHT_KEYS,
            |cx, f| match f.name {
                "path" => path = cx.string(f.value, f.place()),
                "weight" => weight = cx.blkio_weight(f.value, f.place()),
                _ => {}
            },
        )?;
        let (path, weight) = self.both(item, "weight_device", &keys, path, weight, "weight")?;
        Some(BlkioWeight {
            span: item.span,
            keys,
            path,
            weight,
        })
    }

    fn rates(&mut self, node: &Node, key: &'static str) -> Vec<BlkioRate> {
        let mut out = Vec::new();
        for item in self.list(node, Place::Key(key)).unwrap_or_default() {
            let mut path = None;
            let mut rate = None;
            let Some(keys) = self.fields(item, Place::Item(key), RATE_KEYS, |cx, f| match f.name {
                "path" => path = cx.string(f.value, f.place()),
                "rate" => rate = cx.size(f.value, f.place()),
                _ => {}
            }) else {
                continue;
            };
            if let Some((path, rate)) = self.both(item, key, &keys, path, rate, "rate") {
                out.push(BlkioRate {
                    span: item.span,
                    keys,
                    path,
                    rate,
                });
            }
        }
        out
    }

    /// A block-IO entry needs its `path` and its value.
    fn both<T>(
        &mut self,
        item: &Node,
        list: &str,
        keys: &Keys,
        path: Option<Spanned<Text>>,
        value: Option<Spanned<T>>,
        value_key: &str,
    ) -> Option<(Spanned<Text>, Spanned<T>)> {
        for key in ["path", value_key] {
            if !keys.contains_key(key) {
                self.missing(
                    item.span,
                    format!("an item of `{list}` has no `{key}`"),
                    format!("add `{key}:`"),
                );
            }
        }
        Some((path?, value?))
    }
}

fn valid_permissions(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| matches!(b, b'r' | b'w' | b'm'))
}
