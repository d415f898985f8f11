//! 一刻钟便民服务圈 — the 15-minute convenience circle: communities, and the everyday services of each.

pub mod community_list;
pub mod service_list;
