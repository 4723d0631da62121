# modelgate GitHub App. Two stages: the build stage installs the locked dependencies (all of
# them: the App is bundled, so they are build-time only) and bundles the App with esbuild into
# one file; the runtime stage is Node and that file, nothing else from npm, and runs as the
# unprivileged `node` user.
#
#   docker build -t modelgate .
#   docker run --env-file .env -p 3000:3000 modelgate
#
# Node 24 (LTS): probot, smee-client and octokit-auth-probot need ^20.18.1 || >=22, and Node 20
# is past its end of life. The bundle (scripts/build.js) leaves only optional packages external:
# ioredis, which modelgate imports when REDIS_URL is set (replicas sharing one delivery queue,
# one lease per pull request and the pace of writes to GitHub; BullMQ, redis-semaphore and
# Bottleneck are in the bundle) and which this image installs, at the lockfile's version, with
#   docker build --build-arg WITH_REDIS=true -t modelgate .
# msgpackr-extract (a native speed-up BullMQ does without), and smee-client, for
# WEBHOOK_PROXY_URL in local development only (`npm run dev`), never installed here. Setup mode
# (the manifest flow) is off in the image: NODE_ENV=production makes a missing APP_ID an error,
# as it is for Probot.

FROM node:24-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY templates ./templates
RUN node scripts/build.js --only app --outdir /build/dist \
 && node -p "require('./package-lock.json').packages['node_modules/ioredis'].version" > /build/ioredis.version

FROM node:24-slim
ARG WITH_REDIS=false
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
# The bundle is an ES module: this package.json only says so (it lists no dependencies).
COPY --from=build /build/ioredis.version /tmp/ioredis.version
RUN printf '{ "private": true, "type": "module" }\n' > package.json \
 && if [ "$WITH_REDIS" = "true" ]; then npm install --no-save --ignore-scripts --no-audit --no-fund "ioredis@$(cat /tmp/ioredis.version)" && npm cache clean --force; fi \
 && rm /tmp/ioredis.version
COPY --from=build /build/dist/app.js ./dist/app.js
USER node
EXPOSE 3000
# node:24-slim has no curl; Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/app.js"]
