# syntax=docker/dockerfile:1
# Kalcifer's services, one image each, from one multi-target Dockerfile:
#   docker build --target api-gateway -t kalcifer/api-gateway .
#   (targets: api-gateway, orchestrator, scheduler, channels, ai-designer, analytics)
# The console has its own: frontend/Dockerfile. Layout in every image: /app mirrors the repository
# (/app/packages/<pkg>/dist, /app/services/<svc>/dist, /app/node_modules with production deps only),
# so the command line is the same as in development: node services/<svc>/dist/main.js.
# Each service reads the environment keys of its .env.example; the ENV lines below only make it
# listen on every interface (a container's probes and peers come from outside).

ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: every workspace compiled, then dev dependencies dropped -------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY proto/ proto/
COPY packages/ packages/
COPY services/ services/
RUN npm ci --no-audit --no-fund --loglevel=error \
 && npm run -w @kalcifer/contracts generate \
 && npm run -w @kalcifer/sdk generate \
 && npx tsc -b packages/*/ services/*/ \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && mkdir -p /out \
 && for dir in packages/* services/*; do \
      mkdir -p "/out/$dir" && cp -R "$dir/package.json" "$dir/dist" "/out/$dir/"; \
    done

# --- runtime: node, production dependencies, the compiled packages; runs as "node" (uid 1000) --
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=9100
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /out/packages ./packages
# "node" of the base image, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000

FROM runtime AS api-gateway
COPY --from=build /out/services/api-gateway ./services/api-gateway
ENV HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    PUBLIC_GRPC_PORT=50061
EXPOSE 8080 50061
CMD ["node", "services/api-gateway/dist/main.js"]

FROM runtime AS orchestrator
COPY --from=build /out/services/orchestrator ./services/orchestrator
ENV GRPC_ADDRESS=0.0.0.0:50051
EXPOSE 9100 50051
CMD ["node", "services/orchestrator/dist/main.js"]

FROM runtime AS scheduler
COPY --from=build /out/services/scheduler ./services/scheduler
EXPOSE 9100
CMD ["node", "services/scheduler/dist/main.js"]

FROM runtime AS channels
COPY --from=build /out/services/channels ./services/channels
ENV CHANNELS_GRPC_ADDRESS=0.0.0.0:50053
EXPOSE 9100 50053
CMD ["node", "services/channels/dist/main.js"]

FROM runtime AS ai-designer
COPY --from=build /out/services/ai-designer ./services/ai-designer
ENV AI_DESIGNER_GRPC_ADDRESS=0.0.0.0:50054
EXPOSE 9100 50054
CMD ["node", "services/ai-designer/dist/main.js"]

FROM runtime AS analytics
COPY --from=build /out/services/analytics ./services/analytics
ENV ANALYTICS_GRPC_ADDRESS=0.0.0.0:50055
EXPOSE 9100 50055
CMD ["node", "services/analytics/dist/main.js"]
