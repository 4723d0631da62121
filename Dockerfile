# modelgate GitHub App. Two stages: the build stage bundles the App with esbuild (dev
# dependencies live only there); the runtime stage has production dependencies, the bundle and
# nothing else, and runs as the unprivileged `node` user.
#
#   docker build -t modelgate .
#   docker run --env-file .env -p 3000:3000 modelgate
#
# With REDIS_URL (several replicas sharing GitHub's rate limits), Probot needs ioredis at run
# time: docker build --build-arg WITH_REDIS=true -t modelgate .

FROM node:20-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY templates ./templates
RUN node scripts/build.js --only app --outdir /build/dist

FROM node:20-slim
ARG WITH_REDIS=false
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && if [ "$WITH_REDIS" = "true" ]; then npm install --omit=dev --ignore-scripts --no-audit --no-fund --no-save ioredis@5; fi \
 && npm cache clean --force
COPY --from=build /build/dist/app.js ./dist/app.js
USER node
EXPOSE 3000
# node:20-slim has no curl; Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/app.js"]
