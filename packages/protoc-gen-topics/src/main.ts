import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenTopics } from "./plugin.js";

runNodeJs(protocGenTopics);
