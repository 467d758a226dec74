//! rez 3.4.0's version algebra: tokens, versions, ranges, requirements (pure, no IO).

mod bound;
mod error;
pub mod fxhash;
mod name;
mod range;
mod range_parse;
mod requirement;
mod token;
#[allow(clippy::module_inception)]
mod version;

pub use bound::{Bound, LowerBound, UpperBound};
pub use error::VersionError;
pub use name::Name;
pub use range::VersionRange;
pub use requirement::{Requirement, RequirementList};
pub use token::{SubToken, Token};
pub use version::Version;
