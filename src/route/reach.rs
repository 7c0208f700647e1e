//! Reachability: every place within a budget of hours, dollars or kilometres.

use geo::{ConvexHull, MultiPoint, Point, Polygon};
use serde::Serialize;

use crate::error::RouteError;
use crate::readable::Readable;

use super::{Objective, Planner, RouteRequest};

/// How far to reach: a bound on the typical hours, the USD or the km of the route.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "unit", content = "value", rename_all = "lowercase")]
pub enum Budget {
    /// Typical hours.
    Hours(f64),
    /// USD for the template's cargo.
    Usd(f64),
    /// Kilometres.
    Km(f64),
}

impl Budget {
    fn objective(self) -> Objective {
        match self {
            Budget::Hours(_) => Objective::Time,
            Budget::Usd(_) => Objective::Cost,
            Budget::Km(_) => Objective::Distance,
        }
    }

    fn value(self) -> f64 {
        match self {
            Budget::Hours(v) | Budget::Usd(v) | Budget::Km(v) => v,
        }
    }
}

/// A place within the budget.
#[derive(Debug, Clone, Serialize)]
pub struct Reached {
    /// Place id.
    pub place: String,
    /// Place name.
    pub name: String,
    /// What its best route takes, in the budget's unit.
    pub value: f64,
    /// The place its route's last link starts from (`None` for the origin).
    pub predecessor: Option<String>,
    /// Longitude, latitude.
    pub lon_lat: [f64; 2],
}

/// Every place within a budget of an origin ([`Planner::reachable`]), nearest first.
#[derive(Debug, Clone, Serialize)]
pub struct Reachability {
    /// The origin's id.
    pub origin: String,
    /// The budget.
    pub budget: Budget,
    /// The places reached, the origin first, in order of value.
    pub places: Vec<Reached>,
}

impl Reachability {
    /// The convex hull of the places reached (`geo`'s), in lon/lat.
    pub fn outline(&self) -> Polygon<f64> {
        let points: MultiPoint<f64> = self
            .places
            .iter()
            .map(|p| Point::new(p.lon_lat[0], p.lon_lat[1]))
            .collect();
        points.convex_hull()
    }

    /// The places as GeoJSON Points (properties `place`, `name`, `value`, `predecessor`)
    /// and the outline as a Polygon (`kind`: `outline`).
    pub fn to_geojson(&self) -> String {
        let mut features: Vec<serde_json::Value> = self
            .places
            .iter()
            .map(|p| {
                serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": p.lon_lat},
                    "properties": {"kind": "reached", "place": p.place, "name": p.name,
                                   "value": p.value, "predecessor": p.predecessor},
                })
            })
            .collect();
        let ring: Vec<[f64; 2]> = self
            .outline()
            .exterior()
            .points()
            .map(|p| [p.x(), p.y()])
            .collect();
        if ring.len() >= 4 {
            features.push(serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"kind": "outline", "origin": self.origin, "budget": self.budget},
            }));
        }
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string()
    }
}

impl Planner<'_> {
    /// Every place whose best route from `origin` stays within `budget`, with the request
    /// `template`'s cargo and constraints (its ends and objective are not used: the budget's
    /// unit is the objective).
    ///
    /// # Errors
    /// [`RouteError::InvalidRequest`] for a budget that is NaN, infinite or negative; as
    /// [`Planner::route`] for the origin and the template.
    ///
    /// # Example
    /// ```
    /// use corridor::{Budget, Network, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let template = RouteRequest::new("Almaty", "Tashkent");
    /// let r = Planner::new(&net).reachable("Almaty", Budget::Hours(48.0), &template)?;
    /// assert_eq!(r.places[0].place, "almaty");
    /// assert!(r.places.iter().all(|p| p.value <= 48.0));
    /// assert!(r.places.iter().any(|p| p.place == "bishkek"));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn reachable(
        &mut self,
        origin: &str,
        budget: Budget,
        template: &RouteRequest,
    ) -> Result<Reachability, RouteError> {
        let b = budget.value();
        if !(b.is_finite() && b >= 0.0) {
            return Err(RouteError::InvalidRequest {
                field: "budget",
                value: Readable(b).to_string(),
                problem: "must be a finite amount >= 0".into(),
            });
        }
        let objective = budget.objective();
        let q = self.resolve_origin(&template.clone().by(objective), origin)?;
        self.grow_tree(&q);
        let net = self.net;
        let home = net.place_ref(q.from);
        let mut places = vec![Reached {
            place: home.id().to_string(),
            name: home.name().to_string(),
            value: 0.0,
            predecessor: None,
            lon_lat: [home.lon(), home.lat()],
        }];
        for p in (0..net.places().len() as u32).filter(|&p| p != q.from) {
            let Some(path) = self.tree_path(&q, p) else {
                continue;
            };
            // The search weight is within rounding of the objective; the totals say exactly.
            if path.weight > b * (1.0 + 1e-9) + 1e-9 {
                continue;
            }
            let Some(totals) = super::tree::path_totals(&q, &path) else {
                continue;
            };
            let value = objective.score(&totals);
            if value > b {
                continue;
            }
            let place = net.place_ref(p);
            places.push(Reached {
                place: place.id().to_string(),
                name: place.name().to_string(),
                value,
                predecessor: super::tree::last_link_start(&q, &path)
                    .map(|i| net.place_ref(i).id().to_string()),
                lon_lat: [place.lon(), place.lat()],
            });
        }
        places.sort_by(|a, b| a.value.total_cmp(&b.value));
        Ok(Reachability {
            origin: home.id().to_string(),
            budget,
            places,
        })
    }
}
