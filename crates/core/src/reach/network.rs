//! The walking network in compressed sparse row form, validated once, and snapping onto it.

use std::fmt;

use super::geo::GeoPoint;

/// A node of one [`WalkNetwork`]. Only the network hands them out, so a `NodeId` is in range for
/// the network it came from; searches treat one from a different, smaller network as unreachable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(super) u32);

impl NodeId {
    /// The node's position in the list the network was built from.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An undirected street and path graph with edge lengths in metres, laid out for fast searches:
/// node `n`'s neighbours are `targets[offsets[n]..offsets[n + 1]]`, each at the matching
/// `lengths` entry.
#[derive(Clone, Debug)]
pub struct WalkNetwork {
    positions: Vec<GeoPoint>,
    /// Kept beside the positions because snapping compares chords, which need no trigonometry.
    unit_vectors: Vec<[f64; 3]>,
    offsets: Vec<u32>,
    targets: Vec<u32>,
    lengths: Vec<f64>,
    /// The longest edge, which sizes the search's bucket ring.
    max_length: f64,
    edge_count: usize,
}

/// Why a list of nodes and edges is not a walking network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GraphError {
    /// Without a node there is nothing to snap to.
    NoNodes,
    /// Node and adjacency indices are `u32`, which keeps the arrays half the size.
    TooLarge { nodes: usize, edges: usize },
    EndpointOutOfRange {
        edge: usize,
        endpoint: u32,
        nodes: usize,
    },
    /// Lengths must be finite and not negative: a negative edge would make "shortest" meaningless.
    BadLength { edge: usize, metres: f64 },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GraphError::NoNodes => write!(f, "the walking graph has no nodes"),
            GraphError::TooLarge { nodes, edges } => write!(
                f,
                "the walking graph is too large: {nodes} nodes and {edges} edges"
            ),
            GraphError::EndpointOutOfRange {
                edge,
                endpoint,
                nodes,
            } => write!(
                f,
                "edge {edge} ends at node {endpoint}, but there are only {nodes} nodes"
            ),
            GraphError::BadLength { edge, metres } => write!(
                f,
                "edge {edge} is {metres} metres long; lengths must be finite and not negative"
            ),
        }
    }
}

impl std::error::Error for GraphError {}

/// Where a point joins the network: the nearest node, and the straight-line metres to it, which
/// the resident walks too.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    pub node: NodeId,
    pub metres: f64,
}

impl WalkNetwork {
    /// Builds the network from node positions and undirected `(from, to, metres)` edges, the
    /// shape of the `WalkingGraph` document. Self-loops are accepted and ignored: they never
    /// shorten a walk.
    pub fn new(
        positions: Vec<GeoPoint>,
        edges: &[(u32, u32, f64)],
    ) -> Result<WalkNetwork, GraphError> {
        if positions.is_empty() {
            return Err(GraphError::NoNodes);
        }
        let too_large = GraphError::TooLarge {
            nodes: positions.len(),
            edges: edges.len(),
        };
        let node_count = u32::try_from(positions.len()).map_err(|_| too_large)?;
        // Each edge is stored once from each end.
        let adjacency_len = edges
            .len()
            .checked_mul(2)
            .and_then(|len| u32::try_from(len).ok())
            .ok_or(too_large)?;
        for (edge, &(from, to, metres)) in edges.iter().enumerate() {
            for endpoint in [from, to] {
                if endpoint >= node_count {
                    return Err(GraphError::EndpointOutOfRange {
                        edge,
                        endpoint,
                        nodes: positions.len(),
                    });
                }
            }
            if !(metres.is_finite() && metres >= 0.0) {
                return Err(GraphError::BadLength { edge, metres });
            }
        }

        let mut degrees = vec![0u32; positions.len()];
        for &(from, to, _) in edges.iter().filter(|(from, to, _)| from != to) {
            degrees[from as usize] += 1;
            degrees[to as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(positions.len() + 1);
        let mut running = 0u32;
        offsets.push(running);
        for degree in &degrees {
            running += degree;
            offsets.push(running);
        }
        debug_assert!(running <= adjacency_len);
        let stored = running as usize;
        let mut targets = vec![0u32; stored];
        let mut lengths = vec![0.0f64; stored];
        // The next free slot of each node's row, filled in edge order so the layout is
        // deterministic.
        let mut cursors: Vec<u32> = offsets[..positions.len()].to_vec();
        for &(from, to, metres) in edges.iter().filter(|(from, to, _)| from != to) {
            for (here, there) in [(from, to), (to, from)] {
                let slot = cursors[here as usize] as usize;
                targets[slot] = there;
                lengths[slot] = metres;
                cursors[here as usize] += 1;
            }
        }

        let unit_vectors = positions.iter().map(|p| p.unit_vector()).collect();
        let max_length = lengths.iter().copied().fold(0.0, f64::max);
        Ok(WalkNetwork {
            positions,
            unit_vectors,
            offsets,
            targets,
            lengths,
            max_length,
            edge_count: edges.len(),
        })
    }

    pub fn node_count(&self) -> usize {
        self.positions.len()
    }

    /// Undirected edges as given, self-loops included.
    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// The node at `index` in the list the network was built from.
    pub fn node(&self, index: u32) -> Option<NodeId> {
        ((index as usize) < self.positions.len()).then_some(NodeId(index))
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + use<> {
        // The count fits in u32: `new` checked it.
        (0..self.positions.len() as u32).map(NodeId)
    }

    /// `None` only for a node from another network.
    pub fn position(&self, node: NodeId) -> Option<GeoPoint> {
        self.positions.get(node.index()).copied()
    }

    /// Each neighbour with the length of the edge to it; parallel edges appear once each.
    pub fn neighbours(&self, node: NodeId) -> impl Iterator<Item = (NodeId, f64)> + '_ {
        let row = self.row(node.0);
        self.targets[row.clone()]
            .iter()
            .zip(&self.lengths[row])
            .map(|(&target, &metres)| (NodeId(target), metres))
    }

    /// The slots of `node`'s neighbours; empty for a node out of range.
    pub(super) fn row(&self, node: u32) -> std::ops::Range<usize> {
        let node = node as usize;
        match (self.offsets.get(node), self.offsets.get(node + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }

    /// Node `n`'s row is `offsets[n]..offsets[n + 1]`; one entry more than there are nodes.
    pub(super) fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    pub(super) fn targets(&self) -> &[u32] {
        &self.targets
    }

    pub(super) fn lengths(&self) -> &[f64] {
        &self.lengths
    }

    /// The longest edge in metres; 0 without edges.
    pub(super) fn max_length(&self) -> f64 {
        self.max_length
    }

    /// The nearest node to `point` and the straight-line metres to it. A plain scan: the
    /// networks are at most some tens of thousands of nodes and a scan has no index to keep.
    /// Of equally near nodes the first wins, so the result never depends on anything but input.
    pub fn snap(&self, point: GeoPoint) -> Snap {
        let [qx, qy, qz] = point.unit_vector();
        let mut nearest = 0;
        let mut nearest_chord = f64::INFINITY;
        for (index, [x, y, z]) in self.unit_vectors.iter().enumerate() {
            let chord = (x - qx).powi(2) + (y - qy).powi(2) + (z - qz).powi(2);
            if chord < nearest_chord {
                nearest = index;
                nearest_chord = chord;
            }
        }
        // `new` refuses an empty network, so `nearest` names a real node.
        let metres = point.metres_to(self.positions[nearest]);
        Snap {
            node: NodeId(nearest as u32),
            metres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(count: usize) -> Vec<GeoPoint> {
        (0..count)
            .map(|i| GeoPoint::new(39.9, 116.65 + 0.001 * i as f64).unwrap())
            .collect()
    }

    fn check(nodes: usize, edges: &[(u32, u32, f64)], expected: Result<(), GraphError>) {
        let got = WalkNetwork::new(points(nodes), edges).map(|_| ());
        assert_eq!(got, expected, "{nodes} nodes, edges {edges:?}");
    }

    #[test]
    fn validates_nodes_endpoints_and_lengths() {
        check(1, &[], Ok(()));
        check(2, &[(0, 1, 0.0), (1, 1, 5.0), (1, 0, 12.5)], Ok(()));
        check(0, &[], Err(GraphError::NoNodes));
        check(
            2,
            &[(0, 1, 1.0), (1, 2, 1.0)],
            Err(GraphError::EndpointOutOfRange {
                edge: 1,
                endpoint: 2,
                nodes: 2,
            }),
        );
        check(
            2,
            &[(7, 0, 1.0)],
            Err(GraphError::EndpointOutOfRange {
                edge: 0,
                endpoint: 7,
                nodes: 2,
            }),
        );
        check(
            2,
            &[(0, 1, -0.5)],
            Err(GraphError::BadLength {
                edge: 0,
                metres: -0.5,
            }),
        );
        check(
            2,
            &[(0, 1, f64::INFINITY)],
            Err(GraphError::BadLength {
                edge: 0,
                metres: f64::INFINITY,
            }),
        );
        assert!(matches!(
            WalkNetwork::new(points(2), &[(0, 1, f64::NAN)]),
            Err(GraphError::BadLength { edge: 0, .. })
        ));
    }

    #[test]
    fn stores_each_edge_from_both_ends_and_drops_self_loops() {
        let network = WalkNetwork::new(
            points(3),
            &[(0, 1, 10.0), (1, 2, 20.0), (2, 2, 1.0), (1, 0, 15.0)],
        )
        .unwrap();
        let neighbours = |i| {
            network
                .neighbours(NodeId(i))
                .map(|(n, m)| (n.0, m))
                .collect::<Vec<_>>()
        };
        assert_eq!(neighbours(0), [(1, 10.0), (1, 15.0)]);
        assert_eq!(neighbours(1), [(0, 10.0), (2, 20.0), (0, 15.0)]);
        assert_eq!(neighbours(2), [(1, 20.0)]);
        assert_eq!(network.edge_count(), 4);
        assert_eq!(network.node(2), Some(NodeId(2)));
        assert_eq!(network.node(3), None);
        assert_eq!(neighbours(9), []);
    }

    #[test]
    fn snaps_to_the_nearest_node_and_reports_the_straight_line() {
        let network = WalkNetwork::new(points(5), &[]).unwrap();
        let between = GeoPoint::new(39.9001, 116.6526).unwrap();
        let snap = network.snap(between);
        assert_eq!(snap.node, NodeId(3));
        let expected = between.metres_to(network.position(NodeId(3)).unwrap());
        assert_eq!(snap.metres, expected);
        for node in network.nodes() {
            let other = between.metres_to(network.position(node).unwrap());
            assert!(snap.metres <= other, "node {node:?} is nearer");
        }
        let on_node = network.snap(network.position(NodeId(1)).unwrap());
        assert_eq!((on_node.node, on_node.metres), (NodeId(1), 0.0));
    }
}
