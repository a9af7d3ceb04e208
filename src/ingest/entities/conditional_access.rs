//! Conditional Access policies, camelCase or PascalCase, v1.0 or beta.

use super::{object_id_list, object_ids};
use crate::ingest::json::{Node, Object, Shaped};
use crate::ingest::missing;
use crate::model::*;

pub fn read_policy(object: &Object) -> Shaped<CaPolicy> {
    let state = object
        .get("state")
        .ok_or_else(|| missing(object, "state"))?;
    let conditions = match object.object("conditions")? {
        Some(conditions) => read_conditions(&conditions)?,
        None => Conditions::default(),
    };
    Ok(CaPolicy {
        id: object.string("id")?.unwrap_or_default(),
        display_name: object.string("displayName")?.unwrap_or_default(),
        state: Located::new(PolicyState::parse(&state.str()?), state.origin()),
        conditions,
        grant: object
            .object("grantControls")?
            .map(|g| read_grant(&g))
            .transpose()?,
        session_controls: match object.object("sessionControls")? {
            Some(session) => read_session_controls(&session),
            None => Vec::new(),
        },
        origin: object.origin(),
        written_at: None,
    })
}

/// A named location: IP ranges (`ipNamedLocation`) or countries (`countryNamedLocation`), told
/// by `@odata.type` or by the members it has.
pub fn read_named_location(object: &Object) -> Shaped<NamedLocation> {
    let kind = object.odata_type().unwrap_or_default();
    let place = if kind == "ipnamedlocation" || (kind.is_empty() && object.has("ipRanges")) {
        let mut ranges = Vec::new();
        for range in stated_list(object, "ipRanges", "IP ranges")?.list()? {
            let range_object = range.object()?;
            // A range the export does not give would leave the location holding less than it
            // does: the location is unreadable, never narrower.
            let Some(cidr) = range_object.str("cidrAddress")? else {
                return Err(crate::ingest::json::ShapeError {
                    message: format!(
                        "the IP range at `{}` has no `cidrAddress`, so which addresses the named \
                         location holds cannot be told: export the named locations again",
                        range.pointer()
                    ),
                    origin: range.origin(),
                });
            };
            ranges.push(crate::model::IpRange::parse(&cidr).ok_or_else(|| {
                crate::ingest::json::ShapeError {
                    message: format!(
                        "`{cidr}` at `{}` is not an IP range in CIDR notation (as 203.0.113.0/24)",
                        range.pointer()
                    ),
                    origin: range.origin(),
                }
            })?);
        }
        NamedPlace::Ip {
            ranges,
            trusted: object
                .bool("isTrusted")?
                .map_or(crate::model::Fact::Unknown, crate::model::Fact::from),
        }
    } else if kind == "countrynamedlocation"
        || (kind.is_empty() && object.has("countriesAndRegions"))
    {
        stated_list(object, "countriesAndRegions", "countries and regions")?;
        NamedPlace::Countries {
            codes: object
                .strings("countriesAndRegions")?
                .into_iter()
                .map(|(code, _)| code.to_ascii_uppercase())
                .collect(),
            include_unknown: object
                .bool("includeUnknownCountriesAndRegions")?
                .map_or(crate::model::Fact::Unknown, crate::model::Fact::from),
        }
    } else {
        NamedPlace::Other(kind)
    };
    Ok(NamedLocation {
        id: object.string("id")?.unwrap_or_default(),
        display_name: object.string("displayName")?.unwrap_or_default(),
        place,
        origin: object.origin(),
    })
}

/// The list a named location is made of. Left out (or null), the location would hold nothing
/// at all: it is unreadable, never empty.
fn stated_list<'o>(
    object: &'o Object,
    key: &str,
    what: &str,
) -> Shaped<crate::ingest::json::Node<'o>> {
    object.get(key).ok_or_else(|| {
        let mut error = crate::ingest::missing(object, key);
        let at = match error.origin.pointer.as_str() {
            "" => "/",
            pointer => pointer,
        };
        error.message = format!(
            "the named location at `{at}` does not list its {what} (`{key}`), so which sign-ins \
             it holds cannot be told: export the named locations again without `$select`"
        );
        error
    })
}

/// The session controls a policy sets: members that state something (not null, not an object
/// of nulls as the SDK writes an unset one), are not `false` (`disableResilienceDefaults`), and
/// are not `isEnabled: false`.
fn read_session_controls(object: &Object) -> Vec<Located<String>> {
    object
        .members()
        .filter(|(name, _)| {
            !name.starts_with('@') && !name.eq_ignore_ascii_case("AdditionalProperties")
        })
        .filter(|(_, value)| value.states_something())
        .filter(|(_, value)| !matches!(value.bool(), Ok(false)))
        .filter(|(_, value)| {
            let disabled = value
                .object()
                .ok()
                .and_then(|o| o.bool("isEnabled").ok().flatten());
            disabled != Some(false)
        })
        .map(|(name, value)| Located::new(name.to_string(), value.origin()))
        .collect()
}

fn located_strings(object: &Object, key: &str) -> Shaped<Vec<Located<String>>> {
    Ok(object
        .strings(key)?
        .into_iter()
        .map(|(value, origin)| Located::new(value, origin))
        .collect())
}

/// A list condition that narrows only when it has items (`[]` is written for "not set"); Graph
/// writes some as one comma-separated string (`"medium, high"`).
fn non_empty_list(object: &Object, key: &str) -> Shaped<Option<Located<Vec<String>>>> {
    let Some(node) = object.get(key) else {
        return Ok(None);
    };
    let values: Vec<String> = located_strings(object, key)?
        .into_iter()
        .map(|l| l.value)
        .flat_map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("none"))
        .collect();
    Ok((!values.is_empty()).then(|| Located::new(values, node.origin())))
}

fn read_conditions(object: &Object) -> Shaped<Conditions> {
    Ok(Conditions {
        users: object
            .object("users")?
            .map(|u| read_users(&u))
            .transpose()?
            .unwrap_or_default(),
        applications: object
            .object("applications")?
            .map(|a| read_applications(&a))
            .transpose()?
            .unwrap_or_default(),
        client_app_types: read_client_app_types(object)?,
        platforms: read_include_exclude(
            object,
            "platforms",
            "includePlatforms",
            "excludePlatforms",
        )?,
        locations: read_include_exclude(
            object,
            "locations",
            "includeLocations",
            "excludeLocations",
        )?,
        sign_in_risk_levels: non_empty_list(object, "signInRiskLevels")?,
        user_risk_levels: non_empty_list(object, "userRiskLevels")?,
        insider_risk_levels: non_empty_list(object, "insiderRiskLevels")?.map(|l| l.origin),
        device_filter: read_device_narrowing(object)?,
        authentication_flows: read_authentication_flows(object)?,
        agent_risk_levels: non_empty_list(object, "agentIdRiskLevels")?,
        include_agents: match object.object("clientApplications")? {
            Some(apps) => located_strings(&apps, "includeAgentIdServicePrincipals")?,
            None => Vec::new(),
        },
        exclude_agents: match object.object("clientApplications")? {
            Some(apps) => located_strings(&apps, "excludeAgentIdServicePrincipals")?,
            None => Vec::new(),
        },
        origin: Some(object.origin()),
    })
}

fn read_users(object: &Object) -> Shaped<UserConditions> {
    const USERS: &[&str] = &[ALL, "None", "GuestsOrExternalUsers"];
    Ok(UserConditions {
        include_users: object_id_list(object, "includeUsers", USERS)?,
        exclude_users: object_id_list(object, "excludeUsers", USERS)?,
        include_groups: object_ids(object, "includeGroups", &[])?,
        exclude_groups: object_ids(object, "excludeGroups", &[])?,
        include_roles: object_ids(object, "includeRoles", &[])?,
        exclude_roles: object_ids(object, "excludeRoles", &[])?,
        include_guests: read_guests(object, "includeGuestsOrExternalUsers")?,
        exclude_guests: read_guests(object, "excludeGuestsOrExternalUsers")?,
        origin: Some(object.origin()),
    })
}

fn read_guests(object: &Object, key: &str) -> Shaped<Option<GuestSelection>> {
    let Some(guests) = object.object(key)? else {
        return Ok(None);
    };
    let types: Vec<String> = guests
        .strings("guestOrExternalUserTypes")?
        .into_iter()
        .flat_map(|(v, _)| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("none"))
        .collect();
    let some_tenants = match guests.object("externalTenants")? {
        Some(tenants) => !tenants
            .str("membershipKind")?
            .is_none_or(|kind| kind.eq_ignore_ascii_case("all")),
        None => false,
    };
    Ok((!types.is_empty()).then(|| GuestSelection {
        types,
        some_tenants,
        origin: guests.origin(),
    }))
}

fn read_applications(object: &Object) -> Shaped<AppConditions> {
    Ok(AppConditions {
        include: located_strings(object, "includeApplications")?,
        exclude: located_strings(object, "excludeApplications")?,
        user_actions: located_strings(object, "includeUserActions")?,
        authentication_contexts: located_strings(
            object,
            "includeAuthenticationContextClassReferences",
        )?,
        filter: object.get("applicationFilter").map(|n| n.origin()),
        origin: Some(object.origin()),
    })
}

fn read_client_app_types(object: &Object) -> Shaped<Option<Located<Vec<Located<ClientAppType>>>>> {
    let Some(node) = object.get("clientAppTypes") else {
        return Ok(None);
    };
    let types: Vec<Located<ClientAppType>> = located_strings(object, "clientAppTypes")?
        .into_iter()
        .map(|l| Located::new(ClientAppType::parse(&l.value), l.origin))
        .collect();
    Ok((!types.is_empty()).then(|| Located::new(types, node.origin())))
}

fn read_include_exclude(
    object: &Object,
    key: &str,
    include: &str,
    exclude: &str,
) -> Shaped<Option<IncludeExclude>> {
    let Some(condition) = object.object(key)? else {
        return Ok(None);
    };
    let include = located_strings(&condition, include)?;
    let exclude = located_strings(&condition, exclude)?;
    Ok(
        (!include.is_empty() || !exclude.is_empty()).then(|| IncludeExclude {
            include,
            exclude,
            origin: condition.origin(),
        }),
    )
}

/// A device filter, or the older device-state exclusions: either keeps some devices out.
fn read_device_narrowing(object: &Object) -> Shaped<Option<crate::source::Origin>> {
    if let Some(devices) = object.object("devices")? {
        if let Some(filter) = devices.get("deviceFilter") {
            return Ok(Some(filter.origin()));
        }
        if !devices.strings("excludeDevices")?.is_empty()
            || !devices.strings("excludeDeviceStates")?.is_empty()
        {
            return Ok(Some(devices.origin()));
        }
    }
    if let Some(states) = object.object("deviceStates")? {
        if !states.strings("excludeStates")?.is_empty() {
            return Ok(Some(states.origin()));
        }
    }
    Ok(None)
}

fn read_authentication_flows(object: &Object) -> Shaped<Option<Located<Vec<String>>>> {
    match object.object("authenticationFlows")? {
        Some(flows) => Ok(non_empty_list(&flows, "transferMethods")?
            .map(|methods| Located::new(methods.value, flows.origin()))),
        None => Ok(None),
    }
}

fn read_grant(object: &Object) -> Shaped<Grant> {
    let built_in: Vec<Located<GrantControl>> = located_strings(object, "builtInControls")?
        .into_iter()
        .map(|l| Located::new(GrantControl::parse(&l.value), l.origin))
        .collect();
    let authentication_strength = match object.get("authenticationStrength") {
        Some(node) => Some(read_strength(&node)?),
        None => None,
    };
    let strength_combinations = match object.object("authenticationStrength")? {
        // The SDK writes an unexpanded strength's combinations as null: not "none".
        Some(strength) if strength.has("allowedCombinations") => Some(
            strength
                .strings("allowedCombinations")?
                .into_iter()
                .map(|(c, _)| c)
                .collect(),
        ),
        _ => None,
    };
    let mut other_controls = located_strings(object, "customAuthenticationFactors")?;
    other_controls.extend(located_strings(object, "termsOfUse")?);
    let control_count =
        built_in.len() + other_controls.len() + usize::from(authentication_strength.is_some());
    let operator = match object.get("operator") {
        Some(node) => {
            let text = node.str()?;
            let value = if text.eq_ignore_ascii_case("AND") {
                GrantOperator::And
            } else if text.eq_ignore_ascii_case("OR") {
                GrantOperator::Or
            } else {
                GrantOperator::Unknown(text.into_owned())
            };
            Located::new(value, node.origin())
        }
        // With one control the operator does not matter; with more, not knowing it is unknown.
        None => Located::new(
            if control_count <= 1 {
                GrantOperator::And
            } else {
                GrantOperator::Unknown(String::new())
            },
            object.origin(),
        ),
    };
    Ok(Grant {
        operator,
        built_in,
        authentication_strength,
        strength_combinations,
        other_controls,
        origin: object.origin(),
    })
}

fn read_strength(node: &Node) -> Shaped<Located<String>> {
    let strength = node.object()?;
    let id = strength.string("id")?.unwrap_or_default();
    Ok(Located::new(id, node.origin()))
}
