//! How long a full route query takes on the built-in network (search plus explanation).

use criterion::{criterion_group, criterion_main, Criterion};

use corridor::{Network, Objective, Planner, RouteRequest};

fn builtin_queries(c: &mut Criterion) {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let mut group = c.benchmark_group("central_asia");
    for (name, objective) in [("cheapest", Objective::Cost), ("fastest", Objective::Time)] {
        let req = RouteRequest::new("xian", "duisburg").by(objective);
        group.bench_function(format!("xian_duisburg/{name}"), |b| {
            b.iter(|| planner.route(std::hint::black_box(&req)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, builtin_queries);
criterion_main!(benches);
