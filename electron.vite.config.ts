import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // the lookup thread (src/main/lookup/runner.ts finds it next to index.js)
          lookupWorker: resolve(__dirname, 'src/main/lookup/worker.ts'),
          // the database worker (src/main/db/dbWorker.ts finds it next to index.js)
          dbWorker: resolve(__dirname, 'src/main/db/worker.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload cannot require() packages at run time: bundle them.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      chunkSizeWarningLimit: 4000
    },
    plugins: [react()]
  }
})
