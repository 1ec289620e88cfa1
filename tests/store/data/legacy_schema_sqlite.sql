-- The schema created by the hand-written migrations (versions 1 and 2) of the release
-- before Alembic, captured statement by statement. Frozen: never edit.
CREATE TABLE schema_migrations (
	version INTEGER NOT NULL,
	name VARCHAR(100) NOT NULL,
	applied_at DOUBLE NOT NULL,
	PRIMARY KEY (version)
);

CREATE TABLE enrichment_jobs (
	id VARCHAR(32) NOT NULL,
	request_id VARCHAR(100) NOT NULL,
	contact_id VARCHAR(100) NOT NULL,
	contact_name VARCHAR(300) DEFAULT '' NOT NULL,
	type VARCHAR(32) NOT NULL,
	team_id VARCHAR(32) NOT NULL,
	channel_id VARCHAR(32),
	thread_ts VARCHAR(32),
	status_message_ts VARCHAR(32),
	requester_user_id VARCHAR(32) NOT NULL,
	key_owner VARCHAR(100) NOT NULL,
	key_fingerprint VARCHAR(64) NOT NULL,
	status VARCHAR(16) DEFAULT 'pending' NOT NULL,
	result JSON,
	attempts INTEGER DEFAULT '0' NOT NULL,
	next_poll_at DOUBLE NOT NULL,
	lease_owner VARCHAR(100),
	lease_expires_at DOUBLE,
	created_at DOUBLE NOT NULL,
	finished_at DOUBLE,
	notify_state VARCHAR(16) DEFAULT 'none' NOT NULL,
	notified_at DOUBLE,
	notification_ts VARCHAR(32),
	PRIMARY KEY (id)
);

CREATE INDEX ix_enrichment_jobs_due ON enrichment_jobs (next_poll_at) WHERE notify_state <> 'done';

CREATE INDEX ix_enrichment_jobs_type_finished ON enrichment_jobs (type, finished_at);

CREATE INDEX ix_enrichment_jobs_user ON enrichment_jobs (team_id, requester_user_id, created_at);

CREATE INDEX ix_enrichment_jobs_lease_owner ON enrichment_jobs (lease_owner);

CREATE TABLE result_sets (
	id VARCHAR(16) NOT NULL,
	kind VARCHAR(32) NOT NULL,
	team_id VARCHAR(32) NOT NULL,
	payload JSON NOT NULL,
	created_at DOUBLE NOT NULL,
	expires_at DOUBLE NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_result_sets_expires_at ON result_sets (expires_at);

CREATE TABLE user_keys (
	team_id VARCHAR(32) NOT NULL,
	user_id VARCHAR(32) NOT NULL,
	ciphertext BLOB NOT NULL,
	key_fingerprint VARCHAR(64) NOT NULL,
	created_at DOUBLE NOT NULL,
	PRIMARY KEY (team_id, user_id)
);

CREATE TABLE workspace_settings (
	team_id VARCHAR(32) NOT NULL,
	default_key_ciphertext BLOB,
	default_key_fingerprint VARCHAR(64),
	enrichment_results VARCHAR(16),
	updated_at DOUBLE NOT NULL,
	PRIMARY KEY (team_id)
);

CREATE TABLE dedupe_keys (
	"key" VARCHAR(255) NOT NULL,
	expires_at DOUBLE NOT NULL,
	PRIMARY KEY ("key")
);

CREATE INDEX ix_dedupe_keys_expires_at ON dedupe_keys (expires_at);

CREATE TABLE activity (
	id INTEGER NOT NULL,
	team_id VARCHAR(32) NOT NULL,
	user_id VARCHAR(32) NOT NULL,
	text TEXT NOT NULL,
	created_at DOUBLE NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_activity_user ON activity (team_id, user_id, created_at);

CREATE TABLE slack_installations (
	id INTEGER NOT NULL,
	client_id VARCHAR(32) NOT NULL,
	app_id VARCHAR(32) NOT NULL,
	enterprise_id VARCHAR(32),
	enterprise_name VARCHAR(200),
	enterprise_url VARCHAR(200),
	team_id VARCHAR(32),
	team_name VARCHAR(200),
	bot_token VARCHAR(200),
	bot_id VARCHAR(32),
	bot_user_id VARCHAR(32),
	bot_scopes VARCHAR(1000),
	bot_refresh_token VARCHAR(200),
	bot_token_expires_at DATETIME,
	user_id VARCHAR(32) NOT NULL,
	user_token VARCHAR(200),
	user_scopes VARCHAR(1000),
	user_refresh_token VARCHAR(200),
	user_token_expires_at DATETIME,
	incoming_webhook_url VARCHAR(200),
	incoming_webhook_channel VARCHAR(200),
	incoming_webhook_channel_id VARCHAR(200),
	incoming_webhook_configuration_url VARCHAR(200),
	is_enterprise_install BOOLEAN NOT NULL,
	token_type VARCHAR(32),
	installed_at DATETIME NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX slack_installations_idx ON slack_installations (client_id, enterprise_id, team_id, user_id, installed_at);

CREATE TABLE slack_bots (
	id INTEGER NOT NULL,
	client_id VARCHAR(32) NOT NULL,
	app_id VARCHAR(32) NOT NULL,
	enterprise_id VARCHAR(32),
	enterprise_name VARCHAR(200),
	team_id VARCHAR(32),
	team_name VARCHAR(200),
	bot_token VARCHAR(200),
	bot_id VARCHAR(32),
	bot_user_id VARCHAR(32),
	bot_scopes VARCHAR(1000),
	bot_refresh_token VARCHAR(200),
	bot_token_expires_at DATETIME,
	is_enterprise_install BOOLEAN NOT NULL,
	installed_at DATETIME NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX slack_bots_idx ON slack_bots (client_id, enterprise_id, team_id, installed_at);

CREATE TABLE slack_oauth_states (
	id INTEGER NOT NULL,
	state VARCHAR(200) NOT NULL,
	expire_at DATETIME NOT NULL,
	PRIMARY KEY (id)
);

