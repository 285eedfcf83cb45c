//! The layers of a drawing with what is on them, so an import dialog can offer the layer of
//! room outlines and the layer (or block) of labels.

use super::drawing::{Drawing, Shape};

/// One layer, its state and its model-space entities by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LayerSummary {
    pub name: String,
    /// Frozen in the drawing: CAD does not show it.
    pub frozen: bool,
    /// Switched off in the drawing: CAD does not show it.
    pub off: bool,
    /// All entities on the layer.
    pub entities: usize,
    /// Closed LWPOLYLINE / POLYLINE, flat 3D polylines included (candidate room outlines).
    pub closed_polylines: usize,
    /// Open polylines.
    pub open_polylines: usize,
    /// LINE (wall lines).
    pub lines: usize,
    /// ARC and CIRCLE.
    pub arcs: usize,
    /// HATCH (fills whose boundaries can be room outlines).
    pub hatches: usize,
    /// TEXT and MTEXT.
    pub texts: usize,
    /// Block references, by block name (name, count), most used first.
    pub inserts: Vec<(String, usize)>,
}

impl LayerSummary {
    /// Whether CAD shows the layer (neither frozen nor off).
    pub fn shown(&self) -> bool {
        !self.frozen && !self.off
    }

    /// The translation key of the layer's state when CAD does not show it.
    pub fn state_key(&self) -> Option<&'static str> {
        if self.frozen {
            Some("dxf.layer.frozen")
        } else if self.off {
            Some("dxf.layer.off")
        } else {
            None
        }
    }
}

/// The drawing's layers: those of the LAYER table in table order, then any layer used by an
/// entity but missing from the table.
///
/// ```
/// use officeplan::io::dxf::{code_pairs::read_ascii, layers::summarise_layers};
/// let text = "0\nSECTION\n2\nENTITIES\n0\nTEXT\n8\n房间编号\n1\n301\n0\nLINE\n8\n墙体\n0\nENDSEC\n0\nEOF\n";
/// let layers = summarise_layers(&read_ascii(text.as_bytes()).unwrap());
/// assert_eq!(layers[0].name, "房间编号");
/// assert_eq!(layers[0].texts, 1);
/// ```
pub fn summarise_layers(drawing: &Drawing) -> Vec<LayerSummary> {
    let mut layers: Vec<LayerSummary> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for layer in &drawing.layers {
        if !index.contains_key(&layer.name) {
            index.insert(layer.name.clone(), layers.len());
            layers.push(LayerSummary {
                name: layer.name.clone(),
                frozen: layer.frozen,
                off: layer.off,
                ..LayerSummary::default()
            });
        }
    }
    for entity in &drawing.entities {
        let k = *index.entry(entity.layer.clone()).or_insert_with(|| {
            layers.push(LayerSummary {
                name: entity.layer.clone(),
                ..LayerSummary::default()
            });
            layers.len() - 1
        });
        let Some(layer) = layers.get_mut(k) else {
            continue;
        };
        layer.entities += 1;
        match &entity.shape {
            Shape::Polyline { closed: true, .. } => layer.closed_polylines += 1,
            Shape::Polyline { closed: false, .. } => layer.open_polylines += 1,
            Shape::Line { .. } => layer.lines += 1,
            Shape::Arc { .. } => layer.arcs += 1,
            Shape::Hatch { .. } => layer.hatches += 1,
            Shape::Text { .. } => layer.texts += 1,
            Shape::Insert { block, .. } => {
                match layer.inserts.iter_mut().find(|(b, _)| b == block) {
                    Some((_, n)) => *n += 1,
                    None => layer.inserts.push((block.clone(), 1)),
                }
            }
            Shape::Other => {}
        }
    }
    for layer in &mut layers {
        layer
            .inserts
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    layers
}
