//! The registry of every diagnostic swarmc can raise. A rule is a stable code, a
//! kebab-case name that names the problem, a default severity and its documentation.
//! Each rule lives in its own file, declared with [`declare_rule!`], whose doc comment
//! follows one template (`## What it does`, `## Why`, `## Example`, `## Fix`) and is
//! what `swarmc rule CODE` prints.
//!
//! Codes are grouped by the stage that raises them and are never reused: a code no rule
//! raises any more is listed in [`RETIRED`], with the rule that replaced it. The groups:
//! `SW0xx` input files, `SW1xx` YAML and the compose schema, `SW2xx` variables, merging,
//! `extends`, `include` and profiles, `SW3xx` translation to swarm, `SW4xx` site profiles,
//! `SW5xx` pre-deploy checks, `SW6xx` lint rules, `SW7xx` what a deploy changes in a
//! running stack (`diff`), `SW9xx` internal errors.

use crate::diagnostic::Severity;

/// Declares a rule from its doc comment and `CODE, name, Severity`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = ($code:literal, $name:literal, $severity:ident);
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            docs: concat!($($doc, "\n"),*),
        };
    };
}

pub(crate) use declare_rule;

/// The metadata of one diagnostic code.
#[derive(Debug)]
pub struct Rule {
    /// `SW` and three digits, stable forever.
    pub code: &'static str,
    /// Names the problem, in kebab case: read as "allow <name>".
    pub name: &'static str,
    /// The severity a diagnostic of this rule has unless configured otherwise.
    pub severity: Severity,
    /// Markdown, from the rule's doc comment.
    pub docs: &'static str,
}

impl Rule {
    /// The documentation with the one space that doc comments put on each line removed.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first sentence of `## What it does`, for listings.
    pub fn summary(&self) -> String {
        let docs = self.documentation();
        let body = docs.split("## What it does").nth(1).unwrap_or("");
        let paragraph: Vec<&str> = body
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty() && !l.starts_with("##"))
            .collect();
        paragraph.join(" ")
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

mod address_pool_exhausted;
mod bind_mount_node_local;
mod bind_mount_pinned;
mod bind_source_translated;
mod build_ignored;
mod compose_file_repeated;
mod conflicting_keys;
mod connections_kept_alive;
mod container_name_aliased;
mod device_reservation_unsupported;
mod devices_unsupported;
mod dnsrr_with_ingress_ports;
mod docker_command_failed;
mod docker_output_unrecognized;
mod duplicate_entry;
mod duplicate_key;
mod empty_file;
mod env_file_inlined;
mod env_file_syntax;
mod environment_empty_replaced;
mod environment_from_deployer;
mod environment_unresolved;
mod expose_dropped;
mod extends_cycle;
mod extends_invalid;
mod extends_unknown_service;
mod external_link_dropped;
mod file_too_large;
mod fixed_rule_configured;
mod gpu_translated;
mod gpus_not_available;
mod gpus_unsupported;
mod host_namespace_unsupported;
mod host_network_translated;
mod image_missing;
mod image_named_by_site;
mod include_cycle;
mod include_invalid;
mod ingress_port_with_dnsrr;
mod input_unreadable;
mod interpolated_value_too_long;
mod invalid_compose_setting;
mod invalid_config;
mod invalid_encoding;
mod invalid_image_reference;
mod invalid_interpolation;
mod invalid_name;
mod invalid_type;
mod invalid_value;
mod ipam_setting_dropped;
mod legacy_boolean;
mod link_aliased;
mod load_work_exceeded;
mod malformed_suppression;
mod merge_type_mismatch;
mod missing_required_key;
mod mode_setting_conflict;
mod mount_option_dropped;
mod mount_type_unsupported;
mod network_driver_translated;
mod network_driver_unsupported;
mod network_mode_unsupported;
mod no_compose_file;
mod output_schema_violation;
mod pinned_to_local_data;
mod placement_from_site;
mod platform_translated;
mod privileged_unsupported;
mod profile_dependency_disabled;
mod profile_unused;
mod profiles_invalid;
mod project_name_dropped;
mod published_port_conflict;
mod published_port_host_ip;
mod published_port_reserved;
mod repeated_diagnostics_hidden;
mod replicas_translated;
mod required_variable_missing;
mod reservation_exceeds_nodes;
mod resource_limit_translated;
mod resource_setting_unsupported;
mod restart_overridden;
mod restart_translated;
mod retired;
mod runtime_dropped;
mod runtime_unsupported;
mod secret_file_missing;
mod secret_from_site;
mod secret_source_unsupported;
mod secret_too_large;
mod secret_variable_interpolated;
mod service_name_unsupported;
mod setting_dropped;
mod setting_from_site;
mod setting_not_applicable;
mod several_compose_files;
mod shm_size_translated;
mod site_duplicate_node;
mod site_duplicate_resource;
mod site_insecure_engine_api;
mod site_invalid_address_pool;
mod site_invalid_port;
mod site_keepalive_too_long;
mod site_no_manager;
mod site_no_matching_node;
mod site_not_one_document;
mod site_schema_violation;
mod site_subnet_overlap;
mod site_unknown_key;
mod site_unknown_node;
mod site_unknown_service;
mod start_order_ignored;
mod static_address_dropped;
mod subnet_allocated;
mod subnet_overlap;
mod subnet_too_small;
mod tmpfs_translated;
mod too_many_files;
mod too_many_ports;
mod too_many_services;
mod top_level_not_mapping;
mod undefined_reference;
mod unknown_key;
mod unknown_rule_selector;
mod unknown_suppressed_rule;
mod unused_suppression;
mod variable_not_set;
mod volume_nfs_backed;
mod volume_node_local;
mod volume_option_ignored;
mod volumes_from_unsupported;
mod yaml_syntax;
mod yaml_too_complex;
mod yaml_unknown_tag;

pub use address_pool_exhausted::ADDRESS_POOL_EXHAUSTED;
pub use bind_mount_node_local::BIND_MOUNT_NODE_LOCAL;
pub use bind_mount_pinned::BIND_MOUNT_PINNED;
pub use bind_source_translated::BIND_SOURCE_TRANSLATED;
pub use build_ignored::BUILD_IGNORED;
pub use compose_file_repeated::COMPOSE_FILE_REPEATED;
pub use conflicting_keys::CONFLICTING_KEYS;
pub use connections_kept_alive::CONNECTIONS_KEPT_ALIVE;
pub use container_name_aliased::CONTAINER_NAME_ALIASED;
pub use device_reservation_unsupported::DEVICE_RESERVATION_UNSUPPORTED;
pub use devices_unsupported::DEVICES_UNSUPPORTED;
pub use dnsrr_with_ingress_ports::DNSRR_WITH_INGRESS_PORTS;
pub use docker_command_failed::DOCKER_COMMAND_FAILED;
pub use docker_output_unrecognized::DOCKER_OUTPUT_UNRECOGNIZED;
pub use duplicate_entry::DUPLICATE_ENTRY;
pub use duplicate_key::DUPLICATE_KEY;
pub use empty_file::EMPTY_FILE;
pub use env_file_inlined::ENV_FILE_INLINED;
pub use env_file_syntax::ENV_FILE_SYNTAX;
pub use environment_empty_replaced::ENVIRONMENT_EMPTY_REPLACED;
pub use environment_from_deployer::ENVIRONMENT_FROM_DEPLOYER;
pub use environment_unresolved::ENVIRONMENT_UNRESOLVED;
pub use expose_dropped::EXPOSE_DROPPED;
pub use extends_cycle::EXTENDS_CYCLE;
pub use extends_invalid::EXTENDS_INVALID;
pub use extends_unknown_service::EXTENDS_UNKNOWN_SERVICE;
pub use external_link_dropped::EXTERNAL_LINK_DROPPED;
pub use file_too_large::FILE_TOO_LARGE;
pub use fixed_rule_configured::FIXED_RULE_CONFIGURED;
pub use gpu_translated::GPU_TRANSLATED;
pub use gpus_not_available::GPUS_NOT_AVAILABLE;
pub use gpus_unsupported::GPUS_UNSUPPORTED;
pub use host_namespace_unsupported::HOST_NAMESPACE_UNSUPPORTED;
pub use host_network_translated::HOST_NETWORK_TRANSLATED;
pub use image_missing::IMAGE_MISSING;
pub use image_named_by_site::IMAGE_NAMED_BY_SITE;
pub use include_cycle::INCLUDE_CYCLE;
pub use include_invalid::INCLUDE_INVALID;
pub use ingress_port_with_dnsrr::INGRESS_PORT_WITH_DNSRR;
pub use input_unreadable::INPUT_UNREADABLE;
pub use interpolated_value_too_long::INTERPOLATED_VALUE_TOO_LONG;
pub use invalid_compose_setting::INVALID_COMPOSE_SETTING;
pub use invalid_config::INVALID_CONFIG;
pub use invalid_encoding::INVALID_ENCODING;
pub use invalid_image_reference::INVALID_IMAGE_REFERENCE;
pub use invalid_interpolation::INVALID_INTERPOLATION;
pub use invalid_name::INVALID_NAME;
pub use invalid_type::INVALID_TYPE;
pub use invalid_value::INVALID_VALUE;
pub use ipam_setting_dropped::IPAM_SETTING_DROPPED;
pub use legacy_boolean::LEGACY_BOOLEAN;
pub use link_aliased::LINK_ALIASED;
pub use load_work_exceeded::LOAD_WORK_EXCEEDED;
pub use malformed_suppression::MALFORMED_SUPPRESSION;
pub use merge_type_mismatch::MERGE_TYPE_MISMATCH;
pub use missing_required_key::MISSING_REQUIRED_KEY;
pub use mode_setting_conflict::MODE_SETTING_CONFLICT;
pub use mount_option_dropped::MOUNT_OPTION_DROPPED;
pub use mount_type_unsupported::MOUNT_TYPE_UNSUPPORTED;
pub use network_driver_translated::NETWORK_DRIVER_TRANSLATED;
pub use network_driver_unsupported::NETWORK_DRIVER_UNSUPPORTED;
pub use network_mode_unsupported::NETWORK_MODE_UNSUPPORTED;
pub use no_compose_file::NO_COMPOSE_FILE;
pub use output_schema_violation::OUTPUT_SCHEMA_VIOLATION;
pub use pinned_to_local_data::PINNED_TO_LOCAL_DATA;
pub use placement_from_site::PLACEMENT_FROM_SITE;
pub use platform_translated::PLATFORM_TRANSLATED;
pub use privileged_unsupported::PRIVILEGED_UNSUPPORTED;
pub use profile_dependency_disabled::PROFILE_DEPENDENCY_DISABLED;
pub use profile_unused::PROFILE_UNUSED;
pub use profiles_invalid::PROFILES_INVALID;
pub use project_name_dropped::PROJECT_NAME_DROPPED;
pub use published_port_conflict::PUBLISHED_PORT_CONFLICT;
pub use published_port_host_ip::PUBLISHED_PORT_HOST_IP;
pub use published_port_reserved::PUBLISHED_PORT_RESERVED;
pub use repeated_diagnostics_hidden::REPEATED_DIAGNOSTICS_HIDDEN;
pub use replicas_translated::REPLICAS_TRANSLATED;
pub use required_variable_missing::REQUIRED_VARIABLE_MISSING;
pub use reservation_exceeds_nodes::RESERVATION_EXCEEDS_NODES;
pub use resource_limit_translated::RESOURCE_LIMIT_TRANSLATED;
pub use resource_setting_unsupported::RESOURCE_SETTING_UNSUPPORTED;
pub use restart_overridden::RESTART_OVERRIDDEN;
pub use restart_translated::RESTART_TRANSLATED;
pub use retired::{RETIRED, Retired, find_retired};
pub use runtime_dropped::RUNTIME_DROPPED;
pub use runtime_unsupported::RUNTIME_UNSUPPORTED;
pub use secret_file_missing::SECRET_FILE_MISSING;
pub use secret_from_site::SECRET_FROM_SITE;
pub use secret_source_unsupported::SECRET_SOURCE_UNSUPPORTED;
pub use secret_too_large::SECRET_TOO_LARGE;
pub use secret_variable_interpolated::SECRET_VARIABLE_INTERPOLATED;
pub use service_name_unsupported::SERVICE_NAME_UNSUPPORTED;
pub use setting_dropped::SETTING_DROPPED;
pub use setting_from_site::SETTING_FROM_SITE;
pub use setting_not_applicable::SETTING_NOT_APPLICABLE;
pub use several_compose_files::SEVERAL_COMPOSE_FILES;
pub use shm_size_translated::SHM_SIZE_TRANSLATED;
pub use site_duplicate_node::SITE_DUPLICATE_NODE;
pub use site_duplicate_resource::SITE_DUPLICATE_RESOURCE;
pub use site_insecure_engine_api::SITE_INSECURE_ENGINE_API;
pub use site_invalid_address_pool::SITE_INVALID_ADDRESS_POOL;
pub use site_invalid_port::SITE_INVALID_PORT;
pub use site_keepalive_too_long::SITE_KEEPALIVE_TOO_LONG;
pub use site_no_manager::SITE_NO_MANAGER;
pub use site_no_matching_node::SITE_NO_MATCHING_NODE;
pub use site_not_one_document::SITE_NOT_ONE_DOCUMENT;
pub use site_schema_violation::SITE_SCHEMA_VIOLATION;
pub use site_subnet_overlap::SITE_SUBNET_OVERLAP;
pub use site_unknown_key::SITE_UNKNOWN_KEY;
pub use site_unknown_node::SITE_UNKNOWN_NODE;
pub use site_unknown_service::SITE_UNKNOWN_SERVICE;
pub use start_order_ignored::START_ORDER_IGNORED;
pub use static_address_dropped::STATIC_ADDRESS_DROPPED;
pub use subnet_allocated::SUBNET_ALLOCATED;
pub use subnet_overlap::SUBNET_OVERLAP;
pub use subnet_too_small::SUBNET_TOO_SMALL;
pub use tmpfs_translated::TMPFS_TRANSLATED;
pub use too_many_files::TOO_MANY_FILES;
pub use too_many_ports::TOO_MANY_PORTS;
pub use too_many_services::TOO_MANY_SERVICES;
pub use top_level_not_mapping::TOP_LEVEL_NOT_MAPPING;
pub use undefined_reference::UNDEFINED_REFERENCE;
pub use unknown_key::UNKNOWN_KEY;
pub use unknown_rule_selector::UNKNOWN_RULE_SELECTOR;
pub use unknown_suppressed_rule::UNKNOWN_SUPPRESSED_RULE;
pub use unused_suppression::UNUSED_SUPPRESSION;
pub use variable_not_set::VARIABLE_NOT_SET;
pub use volume_nfs_backed::VOLUME_NFS_BACKED;
pub use volume_node_local::VOLUME_NODE_LOCAL;
pub use volume_option_ignored::VOLUME_OPTION_IGNORED;
pub use volumes_from_unsupported::VOLUMES_FROM_UNSUPPORTED;
pub use yaml_syntax::YAML_SYNTAX;
pub use yaml_too_complex::YAML_TOO_COMPLEX;
pub use yaml_unknown_tag::YAML_UNKNOWN_TAG;
// Lint rules are declared next to their checks, in `crate::lint`.
pub use crate::lint::DANGEROUS_CAPABILITY;
pub use crate::lint::DOCKER_SOCKET_MOUNTED;
pub use crate::lint::DROPPED_ADDRESS_REFERENCED;
pub use crate::lint::GPUS_ALL_VISIBLE;
pub use crate::lint::HEALTHCHECK_MISSING;
pub use crate::lint::HOST_NETWORK_EXPOSED;
pub use crate::lint::IDLE_CONNECTIONS_UNPROTECTED;
pub use crate::lint::IMAGE_OUTSIDE_SITE_REGISTRY;
pub use crate::lint::IMAGE_UNPINNED;
pub use crate::lint::PLAINTEXT_SECRET_IN_ENVIRONMENT;
pub use crate::lint::RESOURCE_LIMITS_MISSING;
pub use crate::lint::RESTART_UNBOUNDED;
pub use crate::lint::SENSITIVE_HOST_PATH_MOUNTED;
pub use crate::lint::UPDATE_CONFIG_MISSING;
pub use crate::lint::VERSION_OBSOLETE;
// Check rules are declared next to their checks, in `crate::check`.
pub use crate::check::BIND_MOUNT_NOT_ON_NODE;
pub use crate::check::CONSTRAINT_INVALID;
pub use crate::check::CONSTRAINT_NEVER_MATCHES;
pub use crate::check::EXTERNAL_SECRET_UNKNOWN;
pub use crate::check::HOST_PORT_INGRESS_CONFLICT;
pub use crate::check::HOST_PORT_OVERCOMMITTED;
pub use crate::check::NETWORK_TOO_SMALL;
pub use crate::check::NETWORK_TOO_SMALL_FOR_UPDATES;
pub use crate::check::PLACEMENT_ORDER_DEPENDENT;
pub use crate::check::SUBNET_HELD_ON_SWARM;
pub use crate::check::TASK_UNSCHEDULABLE;

pub use crate::changes::refusals::{
    NAME_TAKEN_ON_SWARM, NETWORK_CHANGE_IGNORED, OBJECT_CONTENT_CHANGE, PORT_TAKEN_ON_SWARM,
    SERVICE_MODE_CHANGE,
};

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &INPUT_UNREADABLE,
    &INVALID_ENCODING,
    &FILE_TOO_LARGE,
    &EMPTY_FILE,
    &NO_COMPOSE_FILE,
    &SEVERAL_COMPOSE_FILES,
    &COMPOSE_FILE_REPEATED,
    &INVALID_COMPOSE_SETTING,
    &INVALID_CONFIG,
    &UNKNOWN_RULE_SELECTOR,
    &FIXED_RULE_CONFIGURED,
    &UNUSED_SUPPRESSION,
    &UNKNOWN_SUPPRESSED_RULE,
    &MALFORMED_SUPPRESSION,
    &TOO_MANY_SERVICES,
    &INTERPOLATED_VALUE_TOO_LONG,
    &TOO_MANY_FILES,
    &REPEATED_DIAGNOSTICS_HIDDEN,
    &TOO_MANY_PORTS,
    &LOAD_WORK_EXCEEDED,
    &DOCKER_OUTPUT_UNRECOGNIZED,
    &DOCKER_COMMAND_FAILED,
    &YAML_SYNTAX,
    &DUPLICATE_KEY,
    &YAML_TOO_COMPLEX,
    &YAML_UNKNOWN_TAG,
    &TOP_LEVEL_NOT_MAPPING,
    &UNKNOWN_KEY,
    &INVALID_TYPE,
    &INVALID_VALUE,
    &MISSING_REQUIRED_KEY,
    &UNDEFINED_REFERENCE,
    &INVALID_NAME,
    &CONFLICTING_KEYS,
    &DUPLICATE_ENTRY,
    &LEGACY_BOOLEAN,
    &INVALID_INTERPOLATION,
    &REQUIRED_VARIABLE_MISSING,
    &VARIABLE_NOT_SET,
    &ENV_FILE_SYNTAX,
    &MERGE_TYPE_MISMATCH,
    &EXTENDS_INVALID,
    &EXTENDS_UNKNOWN_SERVICE,
    &EXTENDS_CYCLE,
    &INCLUDE_INVALID,
    &INCLUDE_CYCLE,
    &PROFILES_INVALID,
    &PROFILE_DEPENDENCY_DISABLED,
    &PROFILE_UNUSED,
    &SECRET_VARIABLE_INTERPOLATED,
    &INVALID_IMAGE_REFERENCE,
    &RESTART_TRANSLATED,
    &RESTART_OVERRIDDEN,
    &RESOURCE_LIMIT_TRANSLATED,
    &RESOURCE_SETTING_UNSUPPORTED,
    &CONTAINER_NAME_ALIASED,
    &LINK_ALIASED,
    &START_ORDER_IGNORED,
    &EXTERNAL_LINK_DROPPED,
    &EXPOSE_DROPPED,
    &BUILD_IGNORED,
    &IMAGE_MISSING,
    &HOST_NETWORK_TRANSLATED,
    &NETWORK_MODE_UNSUPPORTED,
    &PRIVILEGED_UNSUPPORTED,
    &DEVICES_UNSUPPORTED,
    &RUNTIME_UNSUPPORTED,
    &GPUS_UNSUPPORTED,
    &DEVICE_RESERVATION_UNSUPPORTED,
    &SHM_SIZE_TRANSLATED,
    &PLATFORM_TRANSLATED,
    &PUBLISHED_PORT_HOST_IP,
    &BIND_MOUNT_NODE_LOCAL,
    &PROJECT_NAME_DROPPED,
    &HOST_NAMESPACE_UNSUPPORTED,
    &VOLUMES_FROM_UNSUPPORTED,
    &STATIC_ADDRESS_DROPPED,
    &IPAM_SETTING_DROPPED,
    &NETWORK_DRIVER_TRANSLATED,
    &ENV_FILE_INLINED,
    &ENVIRONMENT_UNRESOLVED,
    &SECRET_SOURCE_UNSUPPORTED,
    &SETTING_DROPPED,
    &SETTING_NOT_APPLICABLE,
    &REPLICAS_TRANSLATED,
    &TMPFS_TRANSLATED,
    &NETWORK_DRIVER_UNSUPPORTED,
    &SERVICE_NAME_UNSUPPORTED,
    &MODE_SETTING_CONFLICT,
    &VOLUME_OPTION_IGNORED,
    &ENVIRONMENT_FROM_DEPLOYER,
    &ENVIRONMENT_EMPTY_REPLACED,
    &GPU_TRANSLATED,
    &GPUS_NOT_AVAILABLE,
    &PLACEMENT_FROM_SITE,
    &SETTING_FROM_SITE,
    &PINNED_TO_LOCAL_DATA,
    &RESERVATION_EXCEEDS_NODES,
    &IMAGE_NAMED_BY_SITE,
    &CONNECTIONS_KEPT_ALIVE,
    &DNSRR_WITH_INGRESS_PORTS,
    &RUNTIME_DROPPED,
    &PUBLISHED_PORT_RESERVED,
    &SUBNET_OVERLAP,
    &ADDRESS_POOL_EXHAUSTED,
    &SUBNET_ALLOCATED,
    &PUBLISHED_PORT_CONFLICT,
    &SUBNET_TOO_SMALL,
    &INGRESS_PORT_WITH_DNSRR,
    &MOUNT_OPTION_DROPPED,
    &MOUNT_TYPE_UNSUPPORTED,
    &BIND_SOURCE_TRANSLATED,
    &BIND_MOUNT_PINNED,
    &VOLUME_NODE_LOCAL,
    &VOLUME_NFS_BACKED,
    &SECRET_FILE_MISSING,
    &SECRET_FROM_SITE,
    &SECRET_TOO_LARGE,
    &SITE_SCHEMA_VIOLATION,
    &SITE_UNKNOWN_KEY,
    &SITE_NOT_ONE_DOCUMENT,
    &SITE_DUPLICATE_NODE,
    &SITE_UNKNOWN_NODE,
    &SITE_NO_MATCHING_NODE,
    &SITE_NO_MANAGER,
    &SITE_DUPLICATE_RESOURCE,
    &SITE_SUBNET_OVERLAP,
    &SITE_INVALID_ADDRESS_POOL,
    &SITE_INVALID_PORT,
    &SITE_KEEPALIVE_TOO_LONG,
    &SITE_INSECURE_ENGINE_API,
    &SITE_UNKNOWN_SERVICE,
    &TASK_UNSCHEDULABLE,
    &CONSTRAINT_INVALID,
    &PLACEMENT_ORDER_DEPENDENT,
    &CONSTRAINT_NEVER_MATCHES,
    &NETWORK_TOO_SMALL,
    &NETWORK_TOO_SMALL_FOR_UPDATES,
    &BIND_MOUNT_NOT_ON_NODE,
    &EXTERNAL_SECRET_UNKNOWN,
    &HOST_PORT_INGRESS_CONFLICT,
    &HOST_PORT_OVERCOMMITTED,
    &SUBNET_HELD_ON_SWARM,
    &DOCKER_SOCKET_MOUNTED,
    &DANGEROUS_CAPABILITY,
    &HOST_NETWORK_EXPOSED,
    &SENSITIVE_HOST_PATH_MOUNTED,
    &PLAINTEXT_SECRET_IN_ENVIRONMENT,
    &IMAGE_UNPINNED,
    &IMAGE_OUTSIDE_SITE_REGISTRY,
    &HEALTHCHECK_MISSING,
    &RESOURCE_LIMITS_MISSING,
    &UPDATE_CONFIG_MISSING,
    &RESTART_UNBOUNDED,
    &IDLE_CONNECTIONS_UNPROTECTED,
    &VERSION_OBSOLETE,
    &GPUS_ALL_VISIBLE,
    &DROPPED_ADDRESS_REFERENCED,
    &PORT_TAKEN_ON_SWARM,
    &SERVICE_MODE_CHANGE,
    &NAME_TAKEN_ON_SWARM,
    &NETWORK_CHANGE_IGNORED,
    &OBJECT_CONTENT_CHANGE,
    &OUTPUT_SCHEMA_VIOLATION,
];

/// Looks a rule up by code (`SW101`) or name (`yaml-syntax`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must come before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in ALL {
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("SW")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "bad name {}",
                rule.name
            );
        }
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "rule names must be unique");
    }

    /// The `declare_rule!` declarations under `dir`, by code.
    fn declared_codes(dir: &std::path::Path, codes: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("source directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                declared_codes(&path, codes);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                let declarations = text
                    .split("declare_rule! {")
                    .skip(1)
                    .filter_map(|d| d.split_once("(\"SW")?.1.get(..3));
                codes.extend(declarations.map(|digits| ["SW", digits].concat()));
            }
        }
    }

    /// `ALL` is written by hand beside declarations in three places (here, `lint`,
    /// `check`); a rule missing from it would be raised but neither documented nor
    /// configurable.
    #[test]
    fn every_declared_rule_is_in_the_registry() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut declared = Vec::new();
        declared_codes(&src, &mut declared);
        declared.sort();
        let listed: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        assert_eq!(declared, listed);
    }

    /// A retired code stays out of the registry and out of every declaration, so that
    /// no rule is ever given it again; what replaced it is a current rule.
    #[test]
    fn retired_codes_are_never_reused() {
        for pair in RETIRED.windows(2) {
            assert!(pair[0].code < pair[1].code, "RETIRED is in code order");
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut declared = Vec::new();
        declared_codes(&src, &mut declared);
        for retired in RETIRED {
            assert!(
                !declared.iter().any(|code| code == retired.code),
                "{} is retired but declared again",
                retired.code
            );
            assert!(
                ALL.iter()
                    .all(|r| r.code != retired.code && r.name != retired.name),
                "{} ({}) is retired but in the registry",
                retired.code,
                retired.name
            );
            assert!(
                ALL.contains(&retired.replaced_by),
                "{} is replaced by a rule outside the registry",
                retired.code
            );
            assert_eq!(find(retired.code), None);
            assert!(find_retired(retired.code).is_some_and(|r| r.name == retired.name));
            assert!(find_retired(retired.name).is_some_and(|r| r.code == retired.code));
        }
    }

    #[test]
    fn every_rule_follows_the_documentation_template() {
        for rule in ALL {
            let docs = rule.documentation();
            for heading in ["## What it does", "## Why", "## Example", "## Fix"] {
                assert!(docs.contains(heading), "{} lacks `{heading}`", rule.code);
            }
            assert!(!rule.summary().is_empty(), "{} has no summary", rule.code);
        }
    }
}
