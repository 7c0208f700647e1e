//! A planner's second query allocates nothing in proportion to the network: only its answer.
//!
//! Counted with a global allocator that tallies the bytes each thread asks for, on two grid
//! networks of 2,500 and 40,000 places where the same query has the same answer.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use corridor::{Network, Planner, RouteRequest};

struct Counting;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.with(|b| b.set(b.get() + layout.size()));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        BYTES.with(|b| b.set(b.get() + new_size));
        // SAFETY: as for `dealloc`; the new size is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Bytes this thread allocates while running `f`.
fn allocated<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = BYTES.with(Cell::get);
    let out = f();
    (out, BYTES.with(Cell::get) - before)
}

/// An n × n grid of road links 0.1° apart, places `p{row}_{col}` in Kazakhstan.
fn grid(n: usize) -> Network {
    let mut places = String::from("id,lat,lon,country,kind\n");
    let mut links = String::from("from,to,length_km,mode\n");
    for r in 0..n {
        for c in 0..n {
            let kind = if (r, c) == (0, 0) { "city" } else { "junction" };
            places.push_str(&format!(
                "p{r}_{c},{},{},KZ,{kind}\n",
                45.0 + r as f64 * 0.1,
                60.0 + c as f64 * 0.1
            ));
            if c + 1 < n {
                links.push_str(&format!("p{r}_{c},p{r}_{},8,road\n", c + 1));
            }
            if r + 1 < n {
                links.push_str(&format!("p{r}_{c},p{}_{c},11,road\n", r + 1));
            }
        }
    }
    Network::from_csv_readers(
        places.as_bytes(),
        links.as_bytes(),
        "places.csv",
        "links.csv",
        &Default::default(),
    )
    .unwrap()
}

/// Bytes allocated by a planner's second and third answer to each request (after a first
/// that may build indexes and grow the search state).
fn steady_bytes(net: &Network, requests: &[RouteRequest]) -> Vec<usize> {
    let mut planner = Planner::new(net);
    let mut out = Vec::new();
    for req in requests {
        planner.route(req).unwrap();
        for _ in 0..2 {
            let (route, bytes) = allocated(|| planner.route(req).unwrap());
            // Five road links along the first row: 40 km.
            assert_eq!(route.totals.distance_km, 40.0, "{route}");
            out.push(bytes);
        }
    }
    out
}

#[test]
fn a_second_query_allocates_only_its_answer() {
    let requests = [
        RouteRequest::new("p0_0", "p0_5").by(corridor::Objective::Distance),
        // Constraints are short lists, not a flag per place.
        RouteRequest::new("p0_0", "p0_5")
            .by(corridor::Objective::Distance)
            .avoid_place("p1_1")
            .avoid_place("p5_5"),
        // By name: the name index is built once, on the first query.
        RouteRequest::new("P0-0", "p0 5").by(corridor::Objective::Distance),
    ];
    let small = grid(50);
    let large = grid(200);
    let (s, l) = (
        steady_bytes(&small, &requests),
        steady_bytes(&large, &requests),
    );
    // The same answer costs the same bytes on a network sixteen times larger…
    assert_eq!(s, l);
    // …and little: the route's strings and vectors.
    assert!(l.iter().all(|&b| b < 16 * 1024), "{l:?}");
}
