# The hub image: the same code and CLI as a local install.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# In a container the loopback is the container's own: listen on every interface, as a port mapping needs.
ENV GRPC_HOST=0.0.0.0
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/proto ./proto
COPY package.json ./
EXPOSE 50051
ENTRYPOINT ["node", "dist/cmd/codepix.js"]
CMD ["serve", "--migrate"]
