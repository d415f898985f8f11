//! The walking graph in OpenStreetMap terms, and the steps that shape it: cutting it to an area,
//! removing straight-through nodes and keeping the largest connected piece.

use std::collections::{HashMap, HashSet};

use linli_api::{LatLon, WalkingGraph};
use linli_core::reach::{GeoPoint, GraphError, WalkNetwork};

use crate::area::PreparedArea;
use crate::pbf::Ways;

/// An undirected edge, as long as the way between its ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub metres: f64,
}

/// Nodes (with their OpenStreetMap ids) and undirected edges in metres.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    pub positions: Vec<GeoPoint>,
    pub osm_ids: Vec<i64>,
    pub edges: Vec<Edge>,
}

/// The result of [`Network::cut_to`].
#[derive(Clone, Debug, PartialEq)]
pub struct Cut {
    pub network: Network,
    /// Nodes of the network that was cut which lie inside the area.
    pub nodes_in_area: usize,
}

/// The result of [`Network::largest_component`].
#[derive(Clone, Debug, PartialEq)]
pub struct LargestComponent {
    pub network: Network,
    pub dropped_components: usize,
    pub dropped_nodes: usize,
}

impl Ways {
    /// Every way segment as an edge, as long as the great-circle distance between its ends, and
    /// the nodes of those segments. A way running off the extract is cut into the pieces the
    /// extract holds; a piece of a single node has no segment and leaves no node. A segment
    /// that two ways share is one edge.
    pub fn network(&self) -> Network {
        let mut network = Network::default();
        let mut index_of: HashMap<i64, u32> = HashMap::new();
        let mut intern = |network: &mut Network, osm_id: i64, position: GeoPoint| -> u32 {
            *index_of.entry(osm_id).or_insert_with(|| {
                network.positions.push(position);
                network.osm_ids.push(osm_id);
                // Fits: `import` refuses extracts with more than u32::MAX way nodes first.
                (network.positions.len() - 1) as u32
            })
        };
        let mut segments: HashSet<(i64, i64)> = HashSet::new();
        for way in &self.ways {
            let mut previous: Option<(i64, GeoPoint)> = None;
            for &osm_id in &way.node_ids {
                let here = self
                    .positions
                    .get(&osm_id)
                    .map(|&position| (osm_id, position));
                if let (Some((before_id, before)), Some((_, position))) = (previous, here) {
                    // A node listed twice in a row is one point, not a segment.
                    let key = (before_id.min(osm_id), before_id.max(osm_id));
                    if before_id != osm_id && segments.insert(key) {
                        let from = intern(&mut network, before_id, before);
                        let to = intern(&mut network, osm_id, position);
                        network.edges.push(Edge {
                            from,
                            to,
                            metres: before.metres_to(position),
                        });
                    }
                }
                previous = here;
            }
        }
        network
    }
}

impl Network {
    pub fn node_count(&self) -> usize {
        self.positions.len()
    }

    pub fn total_metres(&self) -> f64 {
        self.edges.iter().map(|edge| edge.metres).sum()
    }

    /// Merges every straight-through node (exactly two edges) into one edge whose length is
    /// the sum of the two, so walking distances and the total length stay exactly as they
    /// were; junctions and dead ends remain. Where OpenStreetMap splits a street into two ways
    /// (at a bridge, a change of surface) the node between them is straight-through too: way
    /// boundaries mean nothing to a walker. A loop that leaves a junction and comes back
    /// becomes an edge from the junction to itself, and a ring with no junction at all keeps
    /// one node with such an edge, so no length is lost.
    pub fn simplified(&self) -> Network {
        let node_count = self.node_count();
        let mut incident: Vec<Vec<usize>> = vec![Vec::new(); node_count];
        for (index, edge) in self.edges.iter().enumerate() {
            incident[edge.from as usize].push(index);
            incident[edge.to as usize].push(index);
        }
        let mut kept: Vec<bool> = incident.iter().map(|edges| edges.len() != 2).collect();

        let mut walked = vec![false; self.edges.len()];
        let mut chains: Vec<(usize, usize, f64)> = Vec::new();
        let mut walk_chains_from = |start: usize, kept: &[bool], walked: &mut [bool]| {
            for &first in &incident[start] {
                if walked[first] {
                    continue;
                }
                walked[first] = true;
                let mut metres = self.edges[first].metres;
                let (mut edge, mut node) = (first, self.other_end(first, start));
                while !kept[node] {
                    // A node that is not kept has exactly two incident edges: leave by the other.
                    let next = if incident[node][0] == edge {
                        incident[node][1]
                    } else {
                        incident[node][0]
                    };
                    walked[next] = true;
                    metres += self.edges[next].metres;
                    node = self.other_end(next, node);
                    edge = next;
                }
                chains.push((start, node, metres));
            }
        };
        for node in 0..node_count {
            if kept[node] {
                walk_chains_from(node, &kept, &mut walked);
            }
        }
        // What is left unwalked are rings of straight-through nodes: keep one node of each.
        for edge in 0..self.edges.len() {
            if !walked[edge] {
                let node = self.edges[edge].from as usize;
                kept[node] = true;
                walk_chains_from(node, &kept, &mut walked);
            }
        }

        let mut new_index = vec![u32::MAX; node_count];
        let mut simplified = Network {
            edges: Vec::with_capacity(chains.len()),
            ..Network::default()
        };
        for node in (0..node_count).filter(|&node| kept[node]) {
            new_index[node] = simplified.positions.len() as u32;
            simplified.positions.push(self.positions[node]);
            simplified.osm_ids.push(self.osm_ids[node]);
        }
        for (from, to, metres) in chains {
            simplified.edges.push(Edge {
                from: new_index[from],
                to: new_index[to],
                metres,
            });
        }
        simplified
    }

    fn other_end(&self, edge: usize, node: usize) -> usize {
        let Edge { from, to, .. } = self.edges[edge];
        if from as usize == node {
            to as usize
        } else {
            from as usize
        }
    }

    /// Only the edges with at least one end inside `area`, and their nodes. A street that
    /// crosses the boundary keeps its segment across it, so a walk along it does not stop at the
    /// last node inside, which may be well short of the line; anything farther out goes.
    pub fn cut_to(&self, area: &PreparedArea) -> Cut {
        let inside: Vec<bool> = self
            .positions
            .iter()
            .map(|&position| area.contains(position))
            .collect();
        let kept_edges: Vec<&Edge> = self
            .edges
            .iter()
            .filter(|edge| inside[edge.from as usize] || inside[edge.to as usize])
            .collect();
        let mut kept_nodes = vec![false; self.node_count()];
        for edge in &kept_edges {
            kept_nodes[edge.from as usize] = true;
            kept_nodes[edge.to as usize] = true;
        }
        Cut {
            network: self.subnetwork(&kept_nodes, kept_edges),
            nodes_in_area: inside.iter().filter(|&&inside| inside).count(),
        }
    }

    /// The nodes marked in `kept`, renumbered in their order, and `edges` between them.
    fn subnetwork<'a>(&self, kept: &[bool], edges: impl IntoIterator<Item = &'a Edge>) -> Network {
        let mut new_index = vec![u32::MAX; self.node_count()];
        let mut network = Network::default();
        for node in (0..self.node_count()).filter(|&node| kept[node]) {
            new_index[node] = network.positions.len() as u32;
            network.positions.push(self.positions[node]);
            network.osm_ids.push(self.osm_ids[node]);
        }
        network.edges = edges
            .into_iter()
            .map(|edge| Edge {
                from: new_index[edge.from as usize],
                to: new_index[edge.to as usize],
                metres: edge.metres,
            })
            .collect();
        network
    }

    /// The connected component of each node, numbered from 0 in order of each component's
    /// lowest node.
    pub fn components(&self) -> Vec<u32> {
        let mut parent: Vec<usize> = (0..self.node_count()).collect();
        fn root(parent: &mut [usize], mut node: usize) -> usize {
            while parent[node] != node {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            node
        }
        for edge in &self.edges {
            let a = root(&mut parent, edge.from as usize);
            let b = root(&mut parent, edge.to as usize);
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut number_of_root: HashMap<usize, u32> = HashMap::new();
        (0..self.node_count())
            .map(|node| {
                let next = number_of_root.len() as u32;
                *number_of_root
                    .entry(root(&mut parent, node))
                    .or_insert(next)
            })
            .collect()
    }

    pub fn component_count(&self) -> usize {
        self.components()
            .iter()
            .max()
            .map_or(0, |&highest| highest as usize + 1)
    }

    /// Only the component with the most nodes (the first of equals), so that no building or
    /// shop snaps onto a stray fragment it cannot walk out of.
    pub fn largest_component(&self) -> LargestComponent {
        let components = self.components();
        let mut sizes = vec![0usize; self.component_count()];
        for &component in &components {
            sizes[component as usize] += 1;
        }
        let largest = sizes
            .iter()
            .enumerate()
            .max_by(|(a_index, a_size), (b_index, b_size)| {
                a_size.cmp(b_size).then(b_index.cmp(a_index))
            })
            .map_or(0, |(index, _)| index as u32);

        let in_largest: Vec<bool> = components
            .iter()
            .map(|&component| component == largest)
            .collect();
        let network = self.subnetwork(
            &in_largest,
            self.edges
                .iter()
                .filter(|edge| in_largest[edge.from as usize]),
        );
        LargestComponent {
            dropped_components: sizes.len().saturating_sub(1),
            dropped_nodes: self.node_count() - network.node_count(),
            network,
        }
    }

    /// The wire document. Lengths are rounded to centimetres, as precise as the positions
    /// they come from, which keeps the JSON a phone downloads small.
    pub fn to_walking_graph(&self, community_id: &str) -> WalkingGraph {
        WalkingGraph {
            sample_data: false,
            community_id: community_id.to_string(),
            nodes: self
                .positions
                .iter()
                .map(|point| LatLon {
                    lat: point.lat(),
                    lon: point.lon(),
                })
                .collect(),
            edges: self
                .edges
                .iter()
                .map(|edge| (edge.from, edge.to, (edge.metres * 100.0).round() / 100.0))
                .collect(),
        }
    }

    /// The network ready for reach searches.
    pub fn walk_network(&self) -> Result<WalkNetwork, GraphError> {
        let edges: Vec<(u32, u32, f64)> = self
            .edges
            .iter()
            .map(|edge| (edge.from, edge.to, edge.metres))
            .collect();
        WalkNetwork::new(self.positions.clone(), &edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pbf::WalkableWay;

    /// Ways over nodes 1…n placed 0.001° of longitude apart (about 85 m at 39.9° N).
    fn ways(node_count: i64, ways: &[&[i64]]) -> Ways {
        Ways {
            ways: ways
                .iter()
                .enumerate()
                .map(|(index, node_ids)| WalkableWay {
                    osm_id: 100 + index as i64,
                    highway: "footway".to_string(),
                    oneway: false,
                    node_ids: node_ids.to_vec(),
                })
                .collect(),
            positions: (1..=node_count)
                .map(|id| {
                    let point = GeoPoint::new(39.9, 116.65 + 0.001 * id as f64);
                    (id, point.expect("near Tongzhou"))
                })
                .collect(),
        }
    }

    /// Simplifies and compares the kept OSM ids and the edges between them (as OSM id pairs,
    /// in steps of 0.001°).
    fn check(ways: &Ways, kept: &[i64], edges: &[(i64, i64, u32)]) {
        let raw = ways.network();
        let simple = raw.simplified();
        assert_eq!(simple.osm_ids, kept, "{:?}", ways.ways);
        let step = raw.positions[0]
            .metres_to(GeoPoint::new(39.9, raw.positions[0].lon() + 0.001).expect("near Tongzhou"));
        let got: Vec<(i64, i64)> = simple
            .edges
            .iter()
            .map(|e| {
                (
                    simple.osm_ids[e.from as usize],
                    simple.osm_ids[e.to as usize],
                )
            })
            .collect();
        let want: Vec<(i64, i64)> = edges.iter().map(|&(a, b, _)| (a, b)).collect();
        assert_eq!(got, want);
        for (edge, &(_, _, steps)) in simple.edges.iter().zip(edges) {
            assert!(
                (edge.metres - step * f64::from(steps)).abs() < 1e-3,
                "{edge:?}"
            );
        }
        assert!((raw.total_metres() - simple.total_metres()).abs() < 1e-6);
        assert_eq!(
            simple.simplified(),
            simple,
            "simplifying twice changes nothing"
        );
    }

    #[test]
    fn straight_through_nodes_merge_and_junctions_stay() {
        // One way 1–2–3–4–5: only its ends stay.
        check(&ways(5, &[&[1, 2, 3, 4, 5]]), &[1, 5], &[(1, 5, 4)]);
        // Two ways meeting end to end at 3: a walker passes straight through, so 3 goes too.
        check(&ways(5, &[&[1, 2, 3], &[3, 4, 5]]), &[1, 5], &[(1, 5, 4)]);
        // A branch from 3 to 6 makes 3 a junction in the middle of a way.
        check(
            &ways(6, &[&[1, 2, 3, 4, 5], &[3, 6]]),
            &[1, 3, 5, 6],
            &[(1, 3, 2), (3, 5, 2), (3, 6, 3)],
        );
        // A loop from junction 2 out to 4 and back (1–2 leads in): an edge from 2 to itself.
        check(
            &ways(4, &[&[1, 2], &[2, 3, 4, 2]]),
            &[1, 2],
            &[(1, 2, 1), (2, 2, 2 + 2)],
        );
        // A closed ring with no junction keeps one node, with the whole ring as its loop.
        check(&ways(3, &[&[1, 2, 3, 1]]), &[1], &[(1, 1, 2 + 2)]);
    }

    #[test]
    fn a_way_cut_by_the_extract_splits_into_pieces() {
        // Node 9 is outside the extract and 7 stands alone between 9 and 8, also outside:
        // 1–2–3 and 4–5 remain, and 7 leaves no node.
        let cut = ways(7, &[&[1, 2, 3, 9, 4, 5, 8, 7]]);
        check(&cut, &[1, 3, 4, 5], &[(1, 3, 2), (4, 5, 1)]);
        let raw = cut.network();
        assert_eq!(raw.osm_ids, [1, 2, 3, 4, 5]);
        assert_eq!(raw.component_count(), 2);
        let largest = raw.largest_component();
        assert_eq!(largest.network.osm_ids, [1, 2, 3]);
        assert_eq!((largest.dropped_components, largest.dropped_nodes), (1, 2));
        assert_eq!(largest.network.component_count(), 1);
    }

    #[test]
    fn a_cut_keeps_the_segments_with_an_end_inside() {
        use crate::area::{Area, PreparedArea};
        // A box around nodes 3, 4 and 5 of the way 1–…–8, and of the branch 4–9 only node 4.
        let box_ring = vec![
            [116.6525, 39.89],
            [116.6555, 39.89],
            [116.6555, 39.91],
            [116.6525, 39.91],
        ];
        let area = PreparedArea::new(&Area::Polygons(vec![vec![box_ring]])).expect("a box");
        let cut = ways(9, &[&[1, 2, 3, 4, 5, 6, 7, 8], &[4, 9]])
            .network()
            .cut_to(&area);
        assert_eq!(cut.nodes_in_area, 3);
        // 2 and 6 are one segment beyond, and so is 9 (far beyond, at the end of its segment).
        assert_eq!(cut.network.osm_ids, [2, 3, 4, 5, 6, 9]);
        let segments: Vec<(i64, i64)> = cut
            .network
            .edges
            .iter()
            .map(|e| {
                (
                    cut.network.osm_ids[e.from as usize],
                    cut.network.osm_ids[e.to as usize],
                )
            })
            .collect();
        assert_eq!(segments, [(2, 3), (3, 4), (4, 5), (5, 6), (4, 9)]);
    }

    #[test]
    fn a_shared_segment_is_one_edge() {
        let doubled = ways(3, &[&[1, 2, 3], &[2, 3]]).network();
        assert_eq!(doubled.edges.len(), 2);
    }
}
