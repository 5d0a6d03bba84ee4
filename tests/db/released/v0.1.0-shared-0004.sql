BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0004_server_seq_per_actor');
CREATE TABLE attempts (
	id INTEGER NOT NULL, 
	event_id VARCHAR NOT NULL, 
	course_id VARCHAR NOT NULL, 
	quiz_id VARCHAR NOT NULL, 
	question_id VARCHAR NOT NULL, 
	correct BOOLEAN NOT NULL, 
	response JSON, 
	time_taken_s FLOAT, 
	answered_at DATETIME NOT NULL, 
	CONSTRAINT pk_attempts PRIMARY KEY (id), 
	CONSTRAINT uq_attempts_event_id_quiz_id_question_id UNIQUE (event_id, quiz_id, question_id), 
	CONSTRAINT ck_attempts_time_taken_s CHECK (time_taken_s IS NULL OR time_taken_s >= 0), 
	CONSTRAINT fk_attempts_event_id_learning_events FOREIGN KEY(event_id) REFERENCES learning_events (id)
);
INSERT INTO "attempts" VALUES(1,'a44cba17-08d1-47d0-9be1-a5ef22ce74fa','python-basics','q-basics','q1',1,'"a"',14.2,'2026-01-10 09:20:00.000000');
CREATE TABLE bookmarks (
	id VARCHAR NOT NULL, 
	course_id VARCHAR NOT NULL, 
	item_key VARCHAR NOT NULL, 
	position JSON, 
	label VARCHAR DEFAULT '' NOT NULL, 
	hlc VARCHAR NOT NULL, 
	clocks JSON NOT NULL, 
	deleted BOOLEAN DEFAULT 0 NOT NULL, 
	updated_by_device VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_bookmarks PRIMARY KEY (id)
);
INSERT INTO "bookmarks" VALUES('8b024c44-92da-42f1-9ad0-53d7ab9e5c96','python-basics','loops-video','{"seconds": 240}','for-else example','1768035600000-000006-dev-laptop-01','{"course_id": "1768035600000-000006-dev-laptop-01", "item_key": "1768035600000-000006-dev-laptop-01", "position": "1768035600000-000006-dev-laptop-01", "label": "1768035600000-000006-dev-laptop-01", "created_at": "1768035600000-000006-dev-laptop-01"}',0,'dev-laptop-01','2026-01-10 09:00:00.000000');
CREATE TABLE course_versions (
	id INTEGER NOT NULL, 
	course_id VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	bundle_sha256 VARCHAR NOT NULL, 
	manifest JSON NOT NULL, 
	installed_path VARCHAR, 
	state VARCHAR DEFAULT 'not_downloaded' NOT NULL, 
	size_bytes INTEGER, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_course_versions PRIMARY KEY (id), 
	CONSTRAINT uq_course_versions_course_id_version UNIQUE (course_id, version), 
	CONSTRAINT ck_course_versions_state CHECK (state IN ('not_downloaded', 'downloading', 'available', 'corrupt')), 
	CONSTRAINT ck_course_versions_bundle_sha256 CHECK (length(bundle_sha256) = 64), 
	CONSTRAINT ck_course_versions_size_bytes CHECK (size_bytes IS NULL OR size_bytes >= 0), 
	CONSTRAINT fk_course_versions_course_id_courses FOREIGN KEY(course_id) REFERENCES courses (id) ON DELETE CASCADE
);
INSERT INTO "course_versions" VALUES(1,'python-basics','1.0.0','9f2c1e7a4b5d6c8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70','{"format": "satchel-bundle/1", "id": "python-basics", "version": "1.0.0", "title": "Python basics", "price_hint": {"amount": 1900, "currency": "USD"}}','downloads/python-basics/1.0.0','available',48213774,'2026-01-10 09:00:00.000000');
CREATE TABLE "courses" (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	language VARCHAR NOT NULL, 
	topic VARCHAR NOT NULL, 
	description TEXT DEFAULT '' NOT NULL, 
	price_amount INTEGER DEFAULT 0 NOT NULL, 
	price_currency VARCHAR NOT NULL, 
	catalog_version VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	tags JSON DEFAULT '[]' NOT NULL, 
	authors JSON DEFAULT '[]' NOT NULL, 
	duration_min FLOAT DEFAULT 0 NOT NULL, 
	item_count INTEGER DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_courses PRIMARY KEY (id), 
	CONSTRAINT ck_courses_price_amount CHECK (price_amount >= 0), 
	CONSTRAINT ck_courses_price_currency CHECK (length(price_currency) = 3)
);
INSERT INTO "courses" VALUES('python-basics','Python basics','en','programming','Variables, loops and functions, with short quizzes.',1900,'USD','1.1.0','2026-01-10 09:00:00.000000','2026-01-10 09:00:00.000000','[]','[]',0.0,0);
INSERT INTO "courses" VALUES('shuju-fenxi-rumen','数据分析入门','zh-CN','data','用表格和图表理解数据。',0,'CNY',NULL,'2026-01-10 09:00:00.000000','2026-01-10 09:00:00.000000','[]','[]',0.0,0);
CREATE TABLE entitlements (
	id INTEGER NOT NULL, 
	user_id VARCHAR NOT NULL, 
	course_id VARCHAR NOT NULL, 
	lease_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked BOOLEAN DEFAULT 0 NOT NULL, 
	revoked_at DATETIME, 
	CONSTRAINT pk_entitlements PRIMARY KEY (id), 
	CONSTRAINT uq_entitlements_user_id_course_id UNIQUE (user_id, course_id), 
	CONSTRAINT fk_entitlements_lease_id_leases FOREIGN KEY(lease_id) REFERENCES leases (id) ON DELETE CASCADE
);
INSERT INTO "entitlements" VALUES(1,'u-7f3c2a','python-basics',1,'2026-02-09 09:00:00.000000',0,NULL);
INSERT INTO "entitlements" VALUES(2,'u-bo-51e7','python-basics',2,'2026-02-09 09:00:00.000000',0,NULL);
CREATE TABLE goals (
	id VARCHAR NOT NULL, 
	title VARCHAR DEFAULT '' NOT NULL, 
	course_id VARCHAR, 
	target_date DATE, 
	hours_per_week FLOAT DEFAULT 0 NOT NULL, 
	status VARCHAR DEFAULT 'active' NOT NULL, 
	hlc VARCHAR NOT NULL, 
	clocks JSON NOT NULL, 
	deleted BOOLEAN DEFAULT 0 NOT NULL, 
	updated_by_device VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_goals PRIMARY KEY (id), 
	CONSTRAINT ck_goals_status CHECK (status IN ('active', 'achieved', 'abandoned')), 
	CONSTRAINT ck_goals_hours_per_week CHECK (hours_per_week >= 0)
);
INSERT INTO "goals" VALUES('a275fdc7-d0c0-44fc-b283-bb850f364fbb','Finish Python basics','python-basics','2026-02-28',3.0,'active','1768035600000-000000-dev-laptop-01','{"title": "1768035600000-000000-dev-laptop-01", "course_id": "1768035600000-000000-dev-laptop-01", "target_date": "1768035600000-000000-dev-laptop-01", "hours_per_week": "1768035600000-000000-dev-laptop-01", "created_at": "1768035600000-000000-dev-laptop-01"}',0,'dev-laptop-01','2026-01-10 09:00:00.000000');
CREATE TABLE item_skills (
	item_id INTEGER NOT NULL, 
	skill_id INTEGER NOT NULL, 
	CONSTRAINT pk_item_skills PRIMARY KEY (item_id, skill_id), 
	CONSTRAINT fk_item_skills_item_id_items FOREIGN KEY(item_id) REFERENCES items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_item_skills_skill_id_skills FOREIGN KEY(skill_id) REFERENCES skills (id) ON DELETE CASCADE
);
INSERT INTO "item_skills" VALUES(1,1);
INSERT INTO "item_skills" VALUES(2,2);
INSERT INTO "item_skills" VALUES(3,1);
CREATE TABLE items (
	id INTEGER NOT NULL, 
	course_version_id INTEGER NOT NULL, 
	module_id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	path VARCHAR NOT NULL, 
	duration_min FLOAT NOT NULL, 
	completion JSON NOT NULL, 
	free_preview BOOLEAN DEFAULT 0 NOT NULL, 
	transcript_path VARCHAR, 
	CONSTRAINT pk_items PRIMARY KEY (id), 
	CONSTRAINT uq_items_course_version_id_key UNIQUE (course_version_id, "key"), 
	CONSTRAINT uq_items_module_id_position UNIQUE (module_id, position), 
	CONSTRAINT ck_items_kind CHECK (kind IN ('text', 'pdf', 'audio', 'video', 'quiz')), 
	CONSTRAINT ck_items_position CHECK (position >= 0), 
	CONSTRAINT ck_items_duration_min CHECK (duration_min > 0), 
	CONSTRAINT fk_items_course_version_id_course_versions FOREIGN KEY(course_version_id) REFERENCES course_versions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_items_module_id_modules FOREIGN KEY(module_id) REFERENCES modules (id) ON DELETE CASCADE
);
INSERT INTO "items" VALUES(1,1,1,'intro',0,'text','What is a variable?','lessons/intro.md',8.0,'{"type": "viewed"}',1,NULL);
INSERT INTO "items" VALUES(2,1,1,'loops-video',1,'video','Loops in 6 minutes','lessons/loops.mp4',6.5,'{"type": "time", "min_seconds": 300}',0,'lessons/loops.md');
INSERT INTO "items" VALUES(3,1,1,'q-basics',2,'quiz','Check: variables','quizzes/q-basics.json',5.0,'{"type": "score", "min": 0.7}',0,NULL);
CREATE TABLE "learning_events" (
	id VARCHAR NOT NULL, 
	actor_id VARCHAR NOT NULL, 
	device_id VARCHAR NOT NULL, 
	verb VARCHAR NOT NULL, 
	object_type VARCHAR NOT NULL, 
	object_id VARCHAR NOT NULL, 
	course_id VARCHAR, 
	result JSON, 
	context JSON, 
	timestamp DATETIME NOT NULL, 
	server_seq INTEGER, 
	received_at DATETIME NOT NULL, 
	CONSTRAINT pk_learning_events PRIMARY KEY (id), 
	CONSTRAINT ck_learning_events_id_uuid CHECK (length(id) = 36)
);
INSERT INTO "learning_events" VALUES('5d052130-00db-4981-894d-8b43909f725e','u-7f3c2a','dev-laptop-01','completed','item','intro','python-basics','{"duration_s": 512.0, "success": true}',NULL,'2026-01-10 09:09:00.000000',1,'2026-11-27 23:02:13.349788');
INSERT INTO "learning_events" VALUES('a44cba17-08d1-47d0-9be1-a5ef22ce74fa','u-7f3c2a','dev-laptop-01','answered','question','q-basics/q1','python-basics','{"score": 1.0, "success": true, "duration_s": 14.2, "response": "a"}','{"course_version": "1.0.0", "attempt": 1}','2026-01-10 09:20:00.000000',NULL,'2026-11-27 23:02:13.349894');
INSERT INTO "learning_events" VALUES('85b243ee-dfb8-40d2-9ae5-ba66dc95755c','u-7f3c2a','dev-tablet-02','progressed','item','loops-video','python-basics','{"duration_s": 180.0}',NULL,'2026-01-11 09:00:00.000000',2,'2026-11-27 23:02:13.349947');
INSERT INTO "learning_events" VALUES('0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b01','u-bo-51e7','dev-laptop-01','completed','item','intro','python-basics','{"duration_s": 300.0, "success": true}',NULL,'2026-01-09 18:00:00.000000',1,'2026-01-09 18:00:00.000000');
INSERT INTO "learning_events" VALUES('0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b02','u-bo-51e7','dev-laptop-01','progressed','item','loops-video','python-basics','{"duration_s": 240.0}',NULL,'2026-01-09 18:10:00.000000',2,'2026-01-09 18:10:00.000000');
INSERT INTO "learning_events" VALUES('0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b03','u-bo-51e7','dev-laptop-01','launched','item','loops-video','python-basics',NULL,NULL,'2026-01-09 18:20:00.000000',NULL,'2026-01-09 18:20:00.000000');
CREATE TABLE leases (
	id INTEGER NOT NULL, 
	user_id VARCHAR NOT NULL, 
	device_id VARCHAR NOT NULL, 
	key_id VARCHAR NOT NULL, 
	lease_json TEXT NOT NULL, 
	signature VARCHAR NOT NULL, 
	issued_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	received_at DATETIME NOT NULL, 
	CONSTRAINT pk_leases PRIMARY KEY (id)
);
INSERT INTO "leases" VALUES(1,'u-7f3c2a','dev-laptop-01','a1b2c3d4e5f60718','{"courses":["python-basics"],"device":"dev-laptop-01","exp":"2026-02-09T09:00:00Z"}','c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cw==','2026-01-10 09:00:00.000000','2026-02-09 09:00:00.000000','2026-01-10 09:00:00.000000');
INSERT INTO "leases" VALUES(2,'u-bo-51e7','dev-laptop-01','a1b2c3d4e5f60718','{"courses":["python-basics"],"device":"dev-laptop-01","exp":"2026-02-09T09:00:00Z"}','c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cw==','2026-01-10 09:00:00.000000','2026-02-09 09:00:00.000000','2026-01-10 09:00:00.000000');
CREATE TABLE modules (
	id INTEGER NOT NULL, 
	course_version_id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_modules PRIMARY KEY (id), 
	CONSTRAINT uq_modules_course_version_id_key UNIQUE (course_version_id, "key"), 
	CONSTRAINT uq_modules_course_version_id_position UNIQUE (course_version_id, position), 
	CONSTRAINT ck_modules_position CHECK (position >= 0), 
	CONSTRAINT fk_modules_course_version_id_course_versions FOREIGN KEY(course_version_id) REFERENCES course_versions (id) ON DELETE CASCADE
);
INSERT INTO "modules" VALUES(1,1,'m1','Getting started',0);
CREATE TABLE notes (
	id VARCHAR NOT NULL, 
	course_id VARCHAR NOT NULL, 
	item_key VARCHAR, 
	anchor JSON, 
	body TEXT DEFAULT '' NOT NULL, 
	hlc VARCHAR NOT NULL, 
	clocks JSON NOT NULL, 
	deleted BOOLEAN DEFAULT 0 NOT NULL, 
	updated_by_device VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_notes PRIMARY KEY (id)
);
INSERT INTO "notes" VALUES('12c4a252-dc5d-47f7-9a77-85701902e0f5','python-basics','loops-video','{"seconds": 93}','range(n) stops *before* n — 记住：不包括 n。','1768035600000-000005-dev-laptop-01','{"course_id": "1768035600000-000004-dev-laptop-01", "item_key": "1768035600000-000004-dev-laptop-01", "anchor": "1768035600000-000004-dev-laptop-01", "body": "1768035600000-000004-dev-laptop-01", "created_at": "1768035600000-000005-dev-laptop-01", "deleted": "1768035600000-000005-dev-laptop-01"}',1,'dev-laptop-01','2026-11-27 23:02:13.352608');
CREATE TABLE outbox (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	kind VARCHAR NOT NULL, 
	record_table VARCHAR NOT NULL, 
	record_id VARCHAR NOT NULL, 
	payload JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	attempts INTEGER DEFAULT 0 NOT NULL, 
	last_error TEXT, 
	CONSTRAINT ck_outbox_kind CHECK (kind IN ('event', 'record')), 
	CONSTRAINT ck_outbox_attempts CHECK (attempts >= 0)
);
INSERT INTO "outbox" VALUES(1,'event','learning_events','5d052130-00db-4981-894d-8b43909f725e','{"id": "5d052130-00db-4981-894d-8b43909f725e", "actor_id": "u-7f3c2a", "device_id": "dev-laptop-01", "verb": "completed", "object_type": "item", "object_id": "intro", "course_id": "python-basics", "result": {"duration_s": 512.0, "success": true}, "context": null, "timestamp": "2026-01-10T09:09:00.000Z"}','2026-11-27 23:02:13.351612',0,NULL);
INSERT INTO "outbox" VALUES(2,'event','learning_events','a44cba17-08d1-47d0-9be1-a5ef22ce74fa','{"id": "a44cba17-08d1-47d0-9be1-a5ef22ce74fa", "actor_id": "u-7f3c2a", "device_id": "dev-laptop-01", "verb": "answered", "object_type": "question", "object_id": "q-basics/q1", "course_id": "python-basics", "result": {"score": 1.0, "success": true, "duration_s": 14.2, "response": "a"}, "context": {"course_version": "1.0.0", "attempt": 1}, "timestamp": "2026-01-10T09:20:00.000Z"}','2026-11-27 23:02:13.351614',0,NULL);
INSERT INTO "outbox" VALUES(3,'event','learning_events','85b243ee-dfb8-40d2-9ae5-ba66dc95755c','{"id": "85b243ee-dfb8-40d2-9ae5-ba66dc95755c", "actor_id": "u-7f3c2a", "device_id": "dev-tablet-02", "verb": "progressed", "object_type": "item", "object_id": "loops-video", "course_id": "python-basics", "result": {"duration_s": 180.0}, "context": null, "timestamp": "2026-01-11T09:00:00.000Z"}','2026-11-27 23:02:13.351615',0,NULL);
INSERT INTO "outbox" VALUES(4,'record','goals','a275fdc7-d0c0-44fc-b283-bb850f364fbb','{"table": "goals", "id": "a275fdc7-d0c0-44fc-b283-bb850f364fbb", "hlc": "1768035600000-000000-dev-laptop-01", "device": "dev-laptop-01", "fields": {"title": "Finish Python basics", "course_id": "python-basics", "target_date": "2026-02-28", "hours_per_week": 3.0, "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355420',0,NULL);
INSERT INTO "outbox" VALUES(5,'record','plan_items','766b9fca-35b1-45a8-8e0b-cd6bea70da29','{"table": "plan_items", "id": "766b9fca-35b1-45a8-8e0b-cd6bea70da29", "hlc": "1768035600000-000001-dev-laptop-01", "device": "dev-laptop-01", "fields": {"goal_id": "a275fdc7-d0c0-44fc-b283-bb850f364fbb", "course_id": "python-basics", "item_key": "intro", "scheduled_on": "2026-01-12", "minutes": 45, "done": true, "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355422',0,NULL);
INSERT INTO "outbox" VALUES(6,'record','plan_items','53ca4daf-78a6-486b-bfd7-4f63ddfcd9f1','{"table": "plan_items", "id": "53ca4daf-78a6-486b-bfd7-4f63ddfcd9f1", "hlc": "1768035600000-000002-dev-laptop-01", "device": "dev-laptop-01", "fields": {"goal_id": "a275fdc7-d0c0-44fc-b283-bb850f364fbb", "course_id": "python-basics", "item_key": "loops-video", "scheduled_on": "2026-01-14", "minutes": 45, "done": false, "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355423',0,NULL);
INSERT INTO "outbox" VALUES(7,'record','plan_items','21246f61-929e-4849-8705-aef20c80e93e','{"table": "plan_items", "id": "21246f61-929e-4849-8705-aef20c80e93e", "hlc": "1768035600000-000003-dev-laptop-01", "device": "dev-laptop-01", "fields": {"goal_id": "a275fdc7-d0c0-44fc-b283-bb850f364fbb", "course_id": "python-basics", "item_key": "q-basics", "scheduled_on": "2026-01-16", "minutes": 45, "done": false, "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355423',0,NULL);
INSERT INTO "outbox" VALUES(8,'record','notes','12c4a252-dc5d-47f7-9a77-85701902e0f5','{"table": "notes", "id": "12c4a252-dc5d-47f7-9a77-85701902e0f5", "hlc": "1768035600000-000004-dev-laptop-01", "device": "dev-laptop-01", "fields": {"course_id": "python-basics", "item_key": "loops-video", "anchor": {"seconds": 93}, "body": "range(n) stops *before* n \u2014 \u8bb0\u4f4f\uff1a\u4e0d\u5305\u62ec n\u3002", "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355424',0,NULL);
INSERT INTO "outbox" VALUES(9,'record','notes','12c4a252-dc5d-47f7-9a77-85701902e0f5','{"table": "notes", "id": "12c4a252-dc5d-47f7-9a77-85701902e0f5", "hlc": "1768035600000-000005-dev-laptop-01", "device": "dev-laptop-01", "fields": {"deleted": true, "created_at": "2026-11-27T23:02:13.352Z"}}','2026-11-27 23:02:13.355424',0,NULL);
INSERT INTO "outbox" VALUES(10,'record','bookmarks','8b024c44-92da-42f1-9ad0-53d7ab9e5c96','{"table": "bookmarks", "id": "8b024c44-92da-42f1-9ad0-53d7ab9e5c96", "hlc": "1768035600000-000006-dev-laptop-01", "device": "dev-laptop-01", "fields": {"course_id": "python-basics", "item_key": "loops-video", "position": {"seconds": 240}, "label": "for-else example", "created_at": "2026-01-10T09:00:00.000Z"}}','2026-11-27 23:02:13.355425',0,NULL);
INSERT INTO "outbox" VALUES(11,'event','learning_events','0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b03','{"id": "0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b03", "actor_id": "u-bo-51e7", "device_id": "dev-laptop-01", "verb": "launched", "object_type": "item", "object_id": "loops-video", "course_id": "python-basics", "result": null, "context": null, "timestamp": "2026-01-09T18:20:00Z"}','2026-01-09 18:20:00.000000',0,NULL);
CREATE TABLE plan_items (
	id VARCHAR NOT NULL, 
	goal_id VARCHAR NOT NULL, 
	course_id VARCHAR, 
	item_key VARCHAR, 
	scheduled_on DATE NOT NULL, 
	minutes INTEGER DEFAULT 0 NOT NULL, 
	done BOOLEAN DEFAULT 0 NOT NULL, 
	hlc VARCHAR NOT NULL, 
	clocks JSON NOT NULL, 
	deleted BOOLEAN DEFAULT 0 NOT NULL, 
	updated_by_device VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_plan_items PRIMARY KEY (id), 
	CONSTRAINT ck_plan_items_minutes CHECK (minutes >= 0)
);
INSERT INTO "plan_items" VALUES('766b9fca-35b1-45a8-8e0b-cd6bea70da29','a275fdc7-d0c0-44fc-b283-bb850f364fbb','python-basics','intro','2026-01-12',45,1,'1768035600000-000001-dev-laptop-01','{"goal_id": "1768035600000-000001-dev-laptop-01", "course_id": "1768035600000-000001-dev-laptop-01", "item_key": "1768035600000-000001-dev-laptop-01", "scheduled_on": "1768035600000-000001-dev-laptop-01", "minutes": "1768035600000-000001-dev-laptop-01", "done": "1768035600000-000001-dev-laptop-01", "created_at": "1768035600000-000001-dev-laptop-01"}',0,'dev-laptop-01','2026-01-10 09:00:00.000000');
INSERT INTO "plan_items" VALUES('53ca4daf-78a6-486b-bfd7-4f63ddfcd9f1','a275fdc7-d0c0-44fc-b283-bb850f364fbb','python-basics','loops-video','2026-01-14',45,0,'1768035600000-000002-dev-laptop-01','{"goal_id": "1768035600000-000002-dev-laptop-01", "course_id": "1768035600000-000002-dev-laptop-01", "item_key": "1768035600000-000002-dev-laptop-01", "scheduled_on": "1768035600000-000002-dev-laptop-01", "minutes": "1768035600000-000002-dev-laptop-01", "done": "1768035600000-000002-dev-laptop-01", "created_at": "1768035600000-000002-dev-laptop-01"}',0,'dev-laptop-01','2026-01-10 09:00:00.000000');
INSERT INTO "plan_items" VALUES('21246f61-929e-4849-8705-aef20c80e93e','a275fdc7-d0c0-44fc-b283-bb850f364fbb','python-basics','q-basics','2026-01-16',45,0,'1768035600000-000003-dev-laptop-01','{"goal_id": "1768035600000-000003-dev-laptop-01", "course_id": "1768035600000-000003-dev-laptop-01", "item_key": "1768035600000-000003-dev-laptop-01", "scheduled_on": "1768035600000-000003-dev-laptop-01", "minutes": "1768035600000-000003-dev-laptop-01", "done": "1768035600000-000003-dev-laptop-01", "created_at": "1768035600000-000003-dev-laptop-01"}',0,'dev-laptop-01','2026-01-10 09:00:00.000000');
CREATE TABLE purchase_intents (
	idempotency_key VARCHAR NOT NULL, 
	course_id VARCHAR NOT NULL, 
	quoted_amount INTEGER NOT NULL, 
	quoted_currency VARCHAR NOT NULL, 
	state VARCHAR DEFAULT 'queued' NOT NULL, 
	order_id VARCHAR, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_purchase_intents PRIMARY KEY (idempotency_key), 
	CONSTRAINT ck_purchase_intents_idempotency_key CHECK (length(idempotency_key) = 36), 
	CONSTRAINT ck_purchase_intents_quoted_amount CHECK (quoted_amount >= 0), 
	CONSTRAINT ck_purchase_intents_quoted_currency CHECK (length(quoted_currency) = 3), 
	CONSTRAINT ck_purchase_intents_state CHECK (state IN ('queued', 'requoted', 'confirmed', 'submitted', 'paid', 'failed', 'cancelled'))
);
INSERT INTO "purchase_intents" VALUES('0b9d1f7e-3c2a-4e5f-8a6b-7c8d9e0f1a2b','shuju-fenxi-rumen',0,'CNY','queued',NULL,NULL,'2026-01-10 09:00:00.000000','2026-01-10 09:00:00.000000');
CREATE TABLE questions (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	type VARCHAR NOT NULL, 
	skills JSON NOT NULL, 
	difficulty FLOAT NOT NULL, 
	CONSTRAINT pk_questions PRIMARY KEY (id), 
	CONSTRAINT uq_questions_item_id_key UNIQUE (item_id, "key"), 
	CONSTRAINT ck_questions_type CHECK (type IN ('single', 'multiple', 'true_false', 'numeric', 'short_text')), 
	CONSTRAINT ck_questions_difficulty CHECK (difficulty >= 0 AND difficulty <= 1), 
	CONSTRAINT ck_questions_position CHECK (position >= 0), 
	CONSTRAINT fk_questions_item_id_items FOREIGN KEY(item_id) REFERENCES items (id) ON DELETE CASCADE
);
INSERT INTO "questions" VALUES(1,3,'q1',0,'single','["py.variables"]',0.3);
INSERT INTO "questions" VALUES(2,3,'q2',1,'numeric','["py.variables"]',0.6);
CREATE TABLE review_state (
	course_id VARCHAR NOT NULL, 
	quiz_id VARCHAR NOT NULL, 
	question_id VARCHAR NOT NULL, 
	stability FLOAT NOT NULL, 
	difficulty FLOAT NOT NULL, 
	last_review DATETIME, 
	due DATETIME NOT NULL, 
	reps INTEGER DEFAULT 0 NOT NULL, 
	lapses INTEGER DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_review_state PRIMARY KEY (course_id, quiz_id, question_id), 
	CONSTRAINT ck_review_state_stability CHECK (stability > 0), 
	CONSTRAINT ck_review_state_reps CHECK (reps >= 0), 
	CONSTRAINT ck_review_state_lapses CHECK (lapses >= 0)
);
INSERT INTO "review_state" VALUES('python-basics','q-basics','q1',3.2,4.9,'2026-01-10 09:20:00.000000','2026-01-13 09:20:00.000000',1,0);
CREATE TABLE skills (
	id INTEGER NOT NULL, 
	course_version_id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	CONSTRAINT pk_skills PRIMARY KEY (id), 
	CONSTRAINT uq_skills_course_version_id_key UNIQUE (course_version_id, "key"), 
	CONSTRAINT fk_skills_course_version_id_course_versions FOREIGN KEY(course_version_id) REFERENCES course_versions (id) ON DELETE CASCADE
);
INSERT INTO "skills" VALUES(1,1,'py.variables','Variables');
INSERT INTO "skills" VALUES(2,1,'py.loops','Loops');
CREATE TABLE sync_cursors (
	name VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_sync_cursors PRIMARY KEY (name)
);
INSERT INTO "sync_cursors" VALUES('events','2','2026-01-11 09:00:00.000000');
INSERT INTO "sync_cursors" VALUES('catalog','0','2026-01-10 09:00:00.000000');
INSERT INTO "sync_cursors" VALUES('events:u-bo-51e7','2','2026-01-09 18:20:00.000000');
CREATE INDEX ix_bookmarks_hlc ON bookmarks (hlc);
CREATE INDEX ix_bookmarks_course_id_item_key ON bookmarks (course_id, item_key);
CREATE INDEX ix_goals_hlc ON goals (hlc);
CREATE INDEX ix_notes_hlc ON notes (hlc);
CREATE INDEX ix_notes_course_id_item_key ON notes (course_id, item_key);
CREATE INDEX ix_outbox_record_table_record_id ON outbox (record_table, record_id);
CREATE INDEX ix_plan_items_hlc ON plan_items (hlc);
CREATE INDEX ix_plan_items_goal_id_scheduled_on ON plan_items (goal_id, scheduled_on);
CREATE UNIQUE INDEX ux_purchase_intents_open_course ON purchase_intents (course_id) WHERE state IN ('queued', 'requoted', 'confirmed', 'submitted');
CREATE INDEX ix_review_state_due ON review_state (due);
CREATE INDEX ix_attempts_course_id_quiz_id_question_id_answered_at ON attempts (course_id, quiz_id, question_id, answered_at);
CREATE INDEX ix_entitlements_lease_id ON entitlements (lease_id);
CREATE INDEX ix_item_skills_skill_id ON item_skills (skill_id);
CREATE INDEX ix_learning_events_course_id_timestamp ON learning_events (course_id, timestamp);
CREATE UNIQUE INDEX ix_learning_events_actor_id_server_seq ON learning_events (actor_id, server_seq);
CREATE TRIGGER learning_events_no_delete BEFORE DELETE ON learning_events BEGIN SELECT RAISE(ABORT, 'learning events are append-only: they cannot be deleted'); END;
CREATE TRIGGER learning_events_no_update BEFORE UPDATE ON learning_events WHEN NOT (NEW.id IS OLD.id AND NEW.actor_id IS OLD.actor_id AND NEW.device_id IS OLD.device_id AND NEW.verb IS OLD.verb AND NEW.object_type IS OLD.object_type AND NEW.object_id IS OLD.object_id AND NEW.course_id IS OLD.course_id AND NEW.result IS OLD.result AND NEW.context IS OLD.context AND NEW.timestamp IS OLD.timestamp AND NEW.received_at IS OLD.received_at AND (OLD.server_seq IS NULL OR NEW.server_seq IS OLD.server_seq)) BEGIN SELECT RAISE(ABORT, 'learning events are append-only: only server_seq may be set, once'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('outbox',11);
COMMIT;
