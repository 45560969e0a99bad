//! The tables of known keys, which the mapping reader searches by bisection.

use super::super::fields::assert_sorted;
use super::super::{
    build, dependencies, deploy, devices, files, mounts, networks, ports, process, resources,
    service,
};

#[test]
fn every_key_table_is_sorted() {
    let tables: &[&[&str]] = &[
        super::super::TOP_KEYS,
        service::SERVICE_KEYS,
        service::CREDENTIAL_SPEC_KEYS,
        service::PROVIDER_KEYS,
        service::DEVELOP_KEYS,
        service::WATCH_KEYS,
        build::BUILD_KEYS,
        dependencies::DEPENDENCY_KEYS,
        dependencies::EXTENDS_KEYS,
        dependencies::SERVICE_MODEL_KEYS,
        deploy::DEPLOY_KEYS,
        deploy::RESOURCES_KEYS,
        deploy::LIMITS_KEYS,
        deploy::RESERVATIONS_KEYS,
        deploy::GENERIC_KEYS,
        deploy::DISCRETE_KEYS,
        deploy::DEVICE_REQUEST_KEYS,
        deploy::RESTART_POLICY_KEYS,
        deploy::PLACEMENT_KEYS,
        deploy::PREFERENCE_KEYS,
        deploy::UPDATE_KEYS,
        devices::DEVICE_KEYS,
        devices::BLKIO_KEYS,
        devices::RATE_KEYS,
        devices::WEIGHT_KEYS,
        files::FILE_REF_KEYS,
        files::ENV_FILE_KEYS,
        mounts::MOUNT_KEYS,
        mounts::BIND_KEYS,
        mounts::VOLUME_KEYS,
        mounts::TMPFS_KEYS,
        mounts::IMAGE_KEYS,
        networks::NETWORK_KEYS,
        networks::IPAM_KEYS,
        networks::POOL_KEYS,
        networks::ATTACHMENT_KEYS,
        ports::PORT_KEYS,
        process::HEALTHCHECK_KEYS,
        process::HOOK_KEYS,
        process::LOGGING_KEYS,
        process::ULIMIT_KEYS,
        resources::VOLUME_KEYS,
        resources::SECRET_KEYS,
        resources::CONFIG_KEYS,
        resources::MODEL_KEYS,
    ];
    for table in tables {
        assert_sorted(table);
    }
}
