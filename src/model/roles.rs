//! Built-in directory roles by template id, for the rules and for exports that name roles by
//! display name only (CISA ScubaGear's `privileged_users`).

/// The admin roles of Microsoft's "Require MFA for administrators" template.
pub const ADMIN_ROLES: [(&str, &str); 14] = [
    (
        "62e90394-69f5-4237-9190-012177145e10",
        "Global Administrator",
    ),
    (
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
    ),
    (
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        "Privileged Authentication Administrator",
    ),
    (
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "Security Administrator",
    ),
    (
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "Conditional Access Administrator",
    ),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    (
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "Password Administrator",
    ),
    (
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "Helpdesk Administrator",
    ),
    (
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "Authentication Administrator",
    ),
    (
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
    ),
    (
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "Cloud Application Administrator",
    ),
    (
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "Exchange Administrator",
    ),
    (
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "SharePoint Administrator",
    ),
    (
        "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        "Billing Administrator",
    ),
];

/// Directory Synchronization Accounts: a service account role, never an admin who must do
/// MFA, and excluding it from MFA policies is expected (Microsoft's templates do it).
pub const DIRECTORY_SYNC_ACCOUNTS: &str = "d29b2b05-8046-44ba-8758-1e26182fcf32";

/// Hybrid Identity Administrator: one of CISA ScubaGear's privileged roles, not in the admin
/// table of Microsoft's MFA template.
pub const HYBRID_IDENTITY_ADMINISTRATOR: &str = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2";

/// The template id of a built-in role named by its display name (any case).
pub fn template_of_name(name: &str) -> Option<&'static str> {
    let named = |(_, n): &&(&str, &str)| n.eq_ignore_ascii_case(name.trim());
    ADMIN_ROLES
        .iter()
        .find(named)
        .map(|(id, _)| *id)
        .or_else(|| {
            [
                (
                    HYBRID_IDENTITY_ADMINISTRATOR,
                    "Hybrid Identity Administrator",
                ),
                (
                    DIRECTORY_SYNC_ACCOUNTS,
                    "Directory Synchronization Accounts",
                ),
            ]
            .iter()
            .find(named)
            .map(|(id, _)| *id)
        })
}

/// The roles CISA's SCuBA baseline counts as highly privileged.
pub const HIGHLY_PRIVILEGED: [(&str, &str); 8] = [
    (GLOBAL_ADMINISTRATOR, "Global Administrator"),
    (
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
    ),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    (
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "SharePoint Administrator",
    ),
    (
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "Exchange Administrator",
    ),
    (
        HYBRID_IDENTITY_ADMINISTRATOR,
        "Hybrid Identity Administrator",
    ),
    (
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
    ),
    (
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "Cloud Application Administrator",
    ),
];

pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";

/// A highly privileged role, by template id (any case): its template id as the catalog writes
/// it, and its name.
pub fn highly_privileged(template_id: &str) -> Option<(&'static str, &'static str)> {
    HIGHLY_PRIVILEGED
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(template_id))
        .copied()
}

/// The name of a highly privileged role, by template id (any case).
pub fn highly_privileged_name(template_id: &str) -> Option<&'static str> {
    highly_privileged(template_id).map(|(_, name)| name)
}
